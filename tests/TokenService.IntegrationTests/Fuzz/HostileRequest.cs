using System.Text;

namespace TokenService.IntegrationTests.Fuzz;

/// <summary>One generated request, as bytes on the wire: what a failing case prints to be replayed.</summary>
public sealed record HostileRequest(string Kind, string Method, string Target, byte[]? Body, string? ContentType, bool IsSigned)
{
    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Encoding.UTF8.GetString(Body).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        if (body.Length > 600)
        {
            body = body[..600] + $"... ({Body!.Length} bytes)";
        }

        return $"[{Kind}{(IsSigned ? ", signed" : "")}] {Method} {(Target.Length > 600 ? Target[..600] + "..." : Target)}\n  Content-Type: {ContentType ?? "(none)"}\n  Body: {body}";
    }
}
