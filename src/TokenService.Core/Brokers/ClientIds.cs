namespace TokenService.Brokers;

/// <summary>
/// The client ids the service keeps sessions for: 1 to 256 characters without control characters
/// (MQTT allows up to 65,535 bytes; a bound keeps rows and logs small, and an id is logged).
/// </summary>
internal static class ClientIds
{
    public const int MaxLength = 256;

    public static bool IsValid(string? clientId) =>
        !string.IsNullOrEmpty(clientId) && clientId.Length <= MaxLength && !clientId.Any(char.IsControl);
}
