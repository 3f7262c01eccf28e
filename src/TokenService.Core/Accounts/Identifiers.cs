using System.Text.RegularExpressions;

namespace TokenService.Accounts;

/// <summary>Shapes of ids: instance ids as the API accepts them, account ids as the operator creates them.</summary>
internal static partial class Identifiers
{
    /// <summary>1 to 64 of <c>A-Z a-z 0-9 - _</c> (docs/contract.md §5.1).</summary>
    public static bool IsInstanceId(string? value) => value is not null && IdPattern().IsMatch(value);

    /// <summary>Account ids use the same alphabet, so they are always safe as PartitionKeys.</summary>
    public static bool IsAccountId(string? value) => IsInstanceId(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
