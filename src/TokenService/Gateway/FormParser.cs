using TokenService.Rpc;

namespace TokenService.Gateway;

/// <summary>
/// Parses <c>application/x-www-form-urlencoded</c> text (a query string or a form body) into
/// name/value pairs, rejecting what the API calls malformed: a duplicated name, too many
/// parameters, an oversized name or value, an empty name, a control character in a name.
/// </summary>
public static class FormParser
{
    public static ApiError? Parse(string text, Dictionary<string, string> into)
    {
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (name.Length == 0 || name.Length > GatewayLimits.MaxNameLength || name.Any(char.IsControl))
            {
                return ErrorCatalog.ParameterCheckFailed("A parameter name is empty, too long or contains control characters.");
            }

            if (value.Length > GatewayLimits.MaxValueLength)
            {
                return ErrorCatalog.ParameterCheckFailed($"The value of {name} is longer than {GatewayLimits.MaxValueLength} characters.");
            }

            if (!into.TryAdd(name, value))
            {
                return ErrorCatalog.ParameterCheckFailed($"The parameter {name} is given more than once.");
            }

            if (into.Count > GatewayLimits.MaxParameters)
            {
                return ErrorCatalog.ParameterCheckFailed($"A request may carry at most {GatewayLimits.MaxParameters} parameters.");
            }
        }

        return null;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
