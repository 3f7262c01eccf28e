using System.Text.RegularExpressions;

namespace TokenService.InfraTests.Infrastructure;

/// <summary>What a key, password or connection string pasted into a template would look like.</summary>
public static partial class SecretPatterns
{
    private static readonly string[] Markers =
    [
        "AccountKey=", "SharedAccessSignature=", "SharedAccessKey=", "InstrumentationKey=", "Password=",
        "sig=", "-----BEGIN",
    ];

    public static bool LooksLikeSecret(string value)
    {
        // An ARM expression computes its value in Azure; what matters is the literal text in it.
        // Resource IDs are literals too, and never secrets.
        foreach (var literal in Literals(value).Where(l => !l.StartsWith("/subscriptions/", StringComparison.Ordinal)))
        {
            if (Markers.Any(m => literal.Contains(m, StringComparison.OrdinalIgnoreCase)) || LongBase64().IsMatch(literal))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> Literals(string value)
    {
        if (!value.StartsWith('[') || value.StartsWith("[[", StringComparison.Ordinal))
        {
            yield return value;
            yield break;
        }

        foreach (Match match in QuotedLiteral().Matches(value))
        {
            yield return match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
        }
    }

    // 32 bytes of base64 is 44 characters; anything of 40 or more without a separator is suspect.
    [GeneratedRegex("^[A-Za-z0-9+/_-]{40,}={0,2}$")]
    private static partial Regex LongBase64();

    [GeneratedRegex("'((?:[^']|'')*)'")]
    private static partial Regex QuotedLiteral();
}
