using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace TokenService.Telemetry;

/// <summary>
/// The identity that sends telemetry to Application Insights, whose local (key) authentication
/// is off: the user-assigned managed identity named by
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=...;Authorization=AAD</c>, as the
/// template sets it) or else by <c>Storage__ClientId</c>; without either, DefaultAzureCredential.
/// </summary>
internal static class AzureMonitorCredential
{
    public static TokenCredential From(IConfiguration configuration)
    {
        var clientId = ClientIdOf(configuration[TelemetryExports.AzureMonitorAuthenticationSetting])
            ?? configuration["Storage:ClientId"];
        return string.IsNullOrWhiteSpace(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }

    /// <summary>The ClientId part of an authentication string, if it has one.</summary>
    public static string? ClientIdOf(string? authenticationString) =>
        (authenticationString ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase) && pair[1].Length > 0)
            .Select(pair => pair[1])
            .FirstOrDefault();
}
