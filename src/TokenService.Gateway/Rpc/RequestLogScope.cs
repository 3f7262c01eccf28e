using System.Collections;

namespace TokenService.Gateway.Rpc;

/// <summary>
/// The log scope of one call: <c>RequestId</c> as a structured property, so that every log line
/// written while the call runs (in the gateway, the core or the SDKs) can be found by the
/// RequestId the caller was answered with.
/// </summary>
internal sealed class RequestLogScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Property = "RequestId";

    public string RequestId => requestId;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(Property, requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Property}:{requestId}";
}
