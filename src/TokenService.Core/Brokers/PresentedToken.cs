using TokenService.Tokens;

namespace TokenService.Brokers;

/// <summary>One <c>&lt;type&gt;|&lt;token&gt;</c> pair of an MQTT password: the use the client lists the token for.</summary>
internal sealed record PresentedToken(TokenActions Type, string Token);
