namespace TokenService.TestSupport.Proxies;

/// <summary>
/// The rules of a <see cref="FaultProxy"/>: what a test armed (<see cref="Rule"/>, guarded by the
/// proxy's list of rules) and the handle it gets back (<see cref="ArmedFault"/>) to see how often
/// the rule fired, stop it, or release the requests it holds.
/// </summary>
public sealed partial class FaultProxy
{
    internal sealed class Rule(Func<ProxiedRequest, bool> match, StoreFault fault, int times)
    {
        public Func<ProxiedRequest, bool> Match { get; } = match;
        public StoreFault Fault { get; } = fault;
        public int Remaining { get; set; } = times;
        public int Hits { get; set; }
        public int Forwarded { get; set; }
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>An armed rule: how often it fired so far, and a way to stop it.</summary>
    public sealed class ArmedFault
    {
        private readonly Rule _rule;
        private readonly object _gate;

        internal ArmedFault(Rule rule, object gate)
        {
            _rule = rule;
            _gate = gate;
        }

        public int Hits
        {
            get
            {
                lock (_gate)
                {
                    return _rule.Hits;
                }
            }
        }

        /// <summary>Requests held by <see cref="StoreFault.HeldThenForwarded"/> that reached the store and were answered there.</summary>
        public int Forwarded
        {
            get
            {
                lock (_gate)
                {
                    return _rule.Forwarded;
                }
            }
        }

        /// <summary>Stops holding requests and forwards the held ones to the store.</summary>
        public void Release()
        {
            Disarm();
            _rule.Released.TrySetResult();
        }

        public void Disarm()
        {
            lock (_gate)
            {
                _rule.Remaining = 0;
            }
        }
    }
}
