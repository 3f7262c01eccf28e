namespace TokenService.Brokers;

/// <summary>
/// EMQX's REST API (<c>Brokers__Emqx__*</c>), through which the service kicks the clients of revoked
/// tokens. EMQX ends a connection at its token's expiry itself (<c>expire_at</c>).
/// </summary>
public sealed class EmqxOptions
{
    /// <summary>The API's base address (<c>http://host:18083</c>). Unset: no client is kicked.</summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>An API key created in EMQX's dashboard (basic authentication, key and secret).</summary>
    public string? ApiKey { get; set; }

    public string? ApiSecret { get; set; }

    public bool CanKickClients => ApiUrl is not null && !string.IsNullOrEmpty(ApiKey) && !string.IsNullOrEmpty(ApiSecret);
}
