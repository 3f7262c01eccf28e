namespace TokenService.Rpc;

/// <summary>
/// What a stage before the operation hands on: the value that passed its checks, or the
/// documented error that stops the call. The signature's parse (a signed request), the
/// authentication (a caller) and the parameters' validation (a ready call) all answer this way,
/// so the pipeline reads one shape.
/// </summary>
internal readonly record struct Checked<T>(T? Value, ApiError? Error)
    where T : class
{
    public static implicit operator Checked<T>(ApiError error) => new(null, error);

    public static implicit operator Checked<T>(T value) => new(value, null);
}
