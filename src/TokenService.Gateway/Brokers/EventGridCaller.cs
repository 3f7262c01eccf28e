using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TokenService.Brokers;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// Checks that a webhook call comes from the configured Event Grid namespace: an Entra ID bearer
/// token for <see cref="EventGridOptions.Audience"/>, issued by <see cref="EventGridOptions.TenantId"/>
/// (v1 or v2 issuer), unexpired, signed with a key of the tenant's published set (fetched and
/// refreshed by IdentityModel's configuration manager). Unconfigured, every call is refused.
/// </summary>
internal sealed class EventGridCaller
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters? _parameters;

    public EventGridCaller(IOptions<BrokerOptions> options)
    {
        var settings = options.Value.EventGrid;
        if (string.IsNullOrEmpty(settings.TenantId) || string.IsNullOrEmpty(settings.Audience))
        {
            return;
        }

        var authority = settings.Authority ?? new Uri($"https://login.microsoftonline.com/{settings.TenantId}/v2.0");
        var metadata = new Uri(authority.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        _parameters = new TokenValidationParameters
        {
            ValidAudience = settings.Audience,
            ValidIssuers = [$"https://login.microsoftonline.com/{settings.TenantId}/v2.0", $"https://sts.windows.net/{settings.TenantId}/"],
            ValidateIssuerSigningKey = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadata.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = !metadata.IsLoopback }),
        };
    }

    /// <summary>Null when the call is the namespace's, else why not (for the log; never the token).</summary>
    public async Task<string?> RefusalAsync(HttpContext http)
    {
        if (_parameters is null)
        {
            return "Brokers__EventGrid__TenantId and Brokers__EventGrid__Audience are not configured";
        }

        var header = http.Request.Headers.Authorization.Count == 1 ? http.Request.Headers.Authorization[0] : null;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 16 * 1024)
        {
            return "no bearer token";
        }

        var result = await _handler.ValidateTokenAsync(header["Bearer ".Length..].Trim(), _parameters);
        return result.IsValid ? null : $"the bearer token is not valid ({result.Exception?.GetType().Name})";
    }
}
