using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Fuzz;

/// <summary>
/// Whole hostile requests over the HTTP surface: parameter soups in any order with duplicated and
/// empty names, in the query, the body or both; correctly signed calls whose values are hostile
/// (so the checks after the signature are reached); bodies that are not UTF-8; JSON and XML bodies;
/// every method and content type. Generated as plans; a plan is signed only when it is sent, with
/// the tenant's real key and a nonce of its own.
/// </summary>
public static class HostileRequests
{
    /// <summary>Request lines stay well below Kestrel's own limit (128 KiB), past which it answers without the service.</summary>
    private const int MaxTargetLength = 100_000;

    private static readonly Dictionary<string, string[]> Business = new()
    {
        ["RevokeToken"] = ["Token", "InstanceId"],
        ["QueryToken"] = ["Token", "InstanceId"],
        ["ApplyToken"] = ["Resources", "InstanceId", "ExpireTime", "Actions"],
    };

    public static Gen<Func<Tenant, int, HostileRequest>> Plans() => Gen.Frequency(
        (4, Soup()),
        (4, SignedHostile()),
        (1, NonUtf8Body()),
        (1, StructuredBody()));

    private static Gen<Func<Tenant, int, HostileRequest>> Soup() =>
        from pairs in Gen.ListOf(Pair(), 12).Select(list => list.ToList())
        from repeat in Gen.Choose(0, 3)
        from method in Gen.Elements(HostileValues.Methods)
        from contentType in Gen.Elements(HostileValues.ContentTypes)
        from inBody in Gen.ArrayOf(Gen.Elements(true, false), pairs.Count + repeat)
        select (Func<Tenant, int, HostileRequest>)((_, _) =>
        {
            // Duplicates: some pairs again, maybe on the other side.
            var all = pairs.Concat(pairs.Take(repeat)).ToList();
            var query = all.Where((_, i) => !inBody[i]).Select(p => p.Name + "=" + p.Value);
            var body = all.Where((_, i) => inBody[i]).Select(p => p.Name + "=" + p.Value).ToList();
            return Request("soup", method, string.Join('&', query), body.Count == 0 ? null : Encoding.UTF8.GetBytes(string.Join('&', body)), contentType, false);
        });

    private static Gen<(string Name, string Value)> Pair() =>
        from name in HostileValues.Name()
        from value in HostileValues.Value()
        from nameSpelling in HostileValues.Spelling(name)
        from valueSpelling in HostileValues.Spelling(value)
        select (nameSpelling, valueSpelling);

    private static Gen<Func<Tenant, int, HostileRequest>> SignedHostile() =>
        from action in Gen.Elements(Business.Keys.ToArray())
        from hostile in Gen.ArrayOf(Gen.Frequency((2, Gen.Constant<string?>(null)), (1, HostileValues.Value().Select(v => (string?)v))), 4)
        from extra in Gen.ListOf(Gen.Zip(HostileValues.Name(), HostileValues.Value()), 2)
        from method in Gen.Frequency((3, Gen.Constant("POST")), (3, Gen.Constant("GET")), (1, Gen.Elements(HostileValues.Methods)))
        from inQuery in Gen.Elements(true, false)
        from format in Gen.Elements("JSON", "XML", "json", "xml")
        select (Func<Tenant, int, HostileRequest>)((tenant, index) =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Token"] = "fuzz-token-" + index.ToString(CultureInfo.InvariantCulture),
                ["InstanceId"] = tenant.InstanceId,
                ["Resources"] = "devices/+/telemetry",
                ["ExpireTime"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                ["Actions"] = "R",
                ["Format"] = format,
            };
            var business = Business[action].Select((name, i) => (name, Value: hostile[i] ?? values[name])).ToDictionary(p => p.name, p => p.Value);
            business["Format"] = format;
            foreach (var (name, value) in extra.Where(e => e.Item1.Length > 0 && !business.ContainsKey(e.Item1) && e.Item1 != "Signature"))
            {
                business[name] = value;
            }

            var signer = new SignedClient(new HttpClient(), tenant.AccessKeyId, tenant.Secret);
            var parameters = signer.Parameters(action, business, nonce: $"fuzz-{index}-{Guid.NewGuid():N}");
            var form = RawHttp.Form(signer.Sign(method, parameters));
            return method == "GET" || inQuery
                ? Request("signed", method, form, null, null, true)
                : Request("signed", method, "", Encoding.UTF8.GetBytes(form), RawHttp.FormType, true);
        });

    private static Gen<Func<Tenant, int, HostileRequest>> NonUtf8Body() =>
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
        from method in Gen.Elements("POST", "GET", "PUT")
        select (Func<Tenant, int, HostileRequest>)((_, _) => Request("bytes", method, "", [.. "Action=RevokeToken&Token="u8, .. bytes], RawHttp.FormType, false));

    private static Gen<Func<Tenant, int, HostileRequest>> StructuredBody() =>
        from xml in Gen.Elements(true, false)
        from value in HostileValues.Text(0, 40)
        select (Func<Tenant, int, HostileRequest>)((tenant, _) => xml
            ? Request("xml", "POST", "", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\"?><RevokeToken><Token>{System.Security.SecurityElement.Escape(value)}</Token><InstanceId>{tenant.InstanceId}</InstanceId></RevokeToken>"), "application/xml", false)
            : Request("json", "POST", "Format=JSON", Encoding.UTF8.GetBytes($"{{\"Action\":\"RevokeToken\",\"Token\":{System.Text.Json.JsonSerializer.Serialize(value)},\"InstanceId\":\"{tenant.InstanceId}\"}}"), "application/json", false));

    private static HostileRequest Request(string kind, string method, string query, byte[]? body, string? contentType, bool signed)
    {
        var target = "/" + (query.Length == 0 ? "" : "?" + query);
        return new HostileRequest(kind, method, target.Length > MaxTargetLength ? target[..MaxTargetLength] : target, body, contentType, signed);
    }
}
