namespace TokenService.Accounts;

/// <summary>The outcome of an operator command: a value on success, a message on failure.</summary>
public sealed record AdminResult<T>(T? Value, string? Error)
{
    public bool Ok => Error is null;
}

public static class AdminResult
{
    public static AdminResult<T> Success<T>(T value) => new(value, null);

    public static AdminResult<T> Failure<T>(string error) => new(default, error);
}
