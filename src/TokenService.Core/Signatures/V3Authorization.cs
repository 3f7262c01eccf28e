namespace TokenService.Signatures;

/// <summary>
/// The parts of a V3 <c>Authorization</c> header:
/// <c>ACS3-HMAC-SHA256 Credential=&lt;AccessKeyId&gt;,SignedHeaders=&lt;a;b;c&gt;,Signature=&lt;hex&gt;</c>.
/// </summary>
internal sealed record V3Authorization(string Algorithm, string AccessKeyId, IReadOnlyList<string> SignedHeaders, string Signature)
{
    /// <summary>Parses the header; null when any part is missing or malformed.</summary>
    public static V3Authorization? TryParse(string header)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var value = part[(equals + 1)..];
            switch (part[..equals])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: return null;
            }
        }

        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            return null;
        }

        var names = signedHeaders.Split(';');
        return names.Any(n => n.Length == 0 || n.Any(char.IsUpper))
            ? null
            : new V3Authorization(header[..space], credential, names, signature);
    }
}
