namespace TokenService.Brokers;

/// <summary>Who may call the Event Grid webhook (<c>Brokers__EventGrid__*</c>): an Entra ID token for this tenant and audience.</summary>
public sealed class EventGridOptions
{
    /// <summary>The Entra ID tenant that issues the namespace's tokens.</summary>
    public string? TenantId { get; set; }

    /// <summary>The audience the namespace requests its token for (the webhook's application ID URI or client id).</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Where the signing keys are published; default <c>https://login.microsoftonline.com/&lt;TenantId&gt;/v2.0</c>.
    /// Plain HTTP is accepted only on loopback (tests).
    /// </summary>
    public Uri? Authority { get; set; }
}
