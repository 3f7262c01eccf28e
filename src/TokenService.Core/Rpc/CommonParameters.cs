namespace TokenService.Rpc;

/// <summary>The API versions a call may name (<c>Version</c> or <c>x-acs-version</c>): the current one and its alias.</summary>
internal static class CommonParameters
{
    public const string CurrentVersion = "2020-04-20";
    public const string LegacyVersion = "2019-12-11";

    public static bool IsSupportedVersion(string? version) => version is CurrentVersion or LegacyVersion;
}
