using System.Text.RegularExpressions;
using TokenService.Accounts;
using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>
/// What an MQTT client presents at CONNECT (docs/contract.md §8.4): username
/// <c>Token|&lt;AccessKeyId&gt;|&lt;InstanceId&gt;</c>, password <c>&lt;type&gt;|&lt;token&gt;</c>
/// pairs joined by <c>|</c> (<c>R|t1|W|t2</c>, <c>RW|t</c>). Parsing is bounded before anything
/// is split, so an oversized password costs a length check, not an allocation.
/// </summary>
internal sealed partial record BrokerCredentials(string AccessKeyId, string InstanceId, IReadOnlyList<PresentedToken> Tokens)
{
    /// <summary>
    /// At most four tokens a connection: their grants (up to 100 filters of 64 characters each) are
    /// stored with the session and must fit one Table Storage string property (32K characters).
    /// </summary>
    public const int MaxTokens = 4;

    public const int MaxUsernameLength = 256;

    public const int MaxPasswordLength = MaxTokens * (TokenCodec.MaxTokenLength + 4);

    private const string UsernameScheme = "Token";

    /// <summary>The username a client with these credentials presents.</summary>
    public string Username => $"{UsernameScheme}|{AccessKeyId}|{InstanceId}";

    /// <summary>The credentials, or null with the reason (never containing the password).</summary>
    public static BrokerCredentials? Parse(string? username, string? password, out string reason)
    {
        if (ParseUsername(username, out reason) is not var (accessKeyId, instanceId))
        {
            return null;
        }

        if (string.IsNullOrEmpty(password))
        {
            reason = "the password is empty";
            return null;
        }

        if (password.Length > MaxPasswordLength)
        {
            reason = $"the password is longer than {MaxPasswordLength} characters";
            return null;
        }

        var parts = password.Split('|');
        if (parts.Length % 2 != 0 || parts.Length / 2 > MaxTokens)
        {
            reason = $"the password is not 1 to {MaxTokens} <type>|<token> pairs";
            return null;
        }

        var tokens = new List<PresentedToken>(parts.Length / 2);
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (ParseType(parts[i]) is not { } type || parts[i + 1].Length == 0)
            {
                reason = $"pair {(i / 2) + 1} of the password is not R, W or RW followed by a token";
                return null;
            }

            tokens.Add(new PresentedToken(type, parts[i + 1]));
        }

        reason = "";
        return new BrokerCredentials(accessKeyId, instanceId, tokens);
    }

    /// <summary>True when the username has the token form (a vhost or topic check carries no password).</summary>
    public static bool IsTokenUsername(string? username) => ParseUsername(username, out _) is not null;

    private static (string AccessKeyId, string InstanceId)? ParseUsername(string? username, out string reason)
    {
        reason = "the username is not Token|<AccessKeyId>|<InstanceId>";
        if (string.IsNullOrEmpty(username) || username.Length > MaxUsernameLength)
        {
            return null;
        }

        var parts = username.Split('|');
        if (parts.Length != 3 || parts[0] != UsernameScheme || !AccessKeyIdPattern().IsMatch(parts[1]) || !Identifiers.IsInstanceId(parts[2]))
        {
            return null;
        }

        reason = "";
        return (parts[1], parts[2]);
    }

    private static TokenActions? ParseType(string type) => type switch
    {
        "R" => TokenActions.Read,
        "W" => TokenActions.Write,
        "RW" => TokenActions.Read | TokenActions.Write,
        _ => null,
    };

    // AccessKeyIds are read as PartitionKeys: nothing Table Storage forbids in a key (/ \ # ?).
    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccessKeyIdPattern();
}
