namespace TokenService.Brokers;

/// <summary>A broker's CONNECT question: which broker asks, for which client id, with what credentials.</summary>
internal sealed record ConnectRequest(string Broker, string? ClientId, string? Username, string? Password);
