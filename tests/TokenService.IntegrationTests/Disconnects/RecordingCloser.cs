using System.Collections.Concurrent;
using TokenService.Disconnects;

namespace TokenService.IntegrationTests.Disconnects;

/// <summary>
/// Stands in for a broker's API: records every batch it is asked to close, and answers each target
/// as the test says, or fails the whole batch as an unreachable API would.
/// </summary>
internal sealed class RecordingCloser(string broker, bool closesAtExpiry) : IConnectionCloser
{
    private readonly ConcurrentQueue<(IReadOnlyList<SessionTarget> Targets, string Reason)> _calls = new();

    public string Broker => broker;

    public bool IsConfigured => true;

    public bool ClosesAtExpiry => closesAtExpiry;

    /// <summary>The answer for each target; Closed unless the test says otherwise.</summary>
    public Func<SessionTarget, CloseOutcome> Answer { get; set; } = _ => CloseOutcome.Closed;

    /// <summary>When set, every call throws it (the broker's API is down or refuses).</summary>
    public Exception? Failure { get; set; }

    public IReadOnlyList<(IReadOnlyList<SessionTarget> Targets, string Reason)> Calls => [.. _calls];

    /// <summary>The client ids of every target asked for, in the order asked.</summary>
    public IReadOnlyList<string> ClientIds => [.. _calls.SelectMany(c => c.Targets).Select(t => t.ClientId)];

    public Task<IReadOnlyDictionary<SessionTarget, CloseOutcome>> CloseAsync(
        IReadOnlyCollection<SessionTarget> targets, string reason, CancellationToken cancellationToken)
    {
        _calls.Enqueue(([.. targets], reason));
        if (Failure is { } failure)
        {
            throw failure;
        }

        return Task.FromResult<IReadOnlyDictionary<SessionTarget, CloseOutcome>>(targets.ToDictionary(t => t, t => Answer(t)));
    }
}
