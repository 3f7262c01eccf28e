namespace TokenService.Rpc;

/// <summary>The API versions and the response formats the gateway accepts.</summary>
public static class CommonParameters
{
    public const string CurrentVersion = "2020-04-20";
    public const string LegacyVersion = "2019-12-11";

    public static bool IsSupportedVersion(string? version) => version is CurrentVersion or LegacyVersion;
}
