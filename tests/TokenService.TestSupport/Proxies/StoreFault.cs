namespace TokenService.TestSupport.Proxies;

/// <summary>What <see cref="FaultProxy"/> does to a request that matches an armed rule.</summary>
public enum StoreFault
{
    /// <summary>Answered 503 ServerBusy by the proxy; the store never sees the request.</summary>
    ServerBusyBeforeStore,

    /// <summary>Answered 500 InternalError by the proxy; the store never sees the request.</summary>
    InternalErrorBeforeStore,

    /// <summary>Forwarded (it takes effect in the store), then the connection is dropped instead of answering.</summary>
    ConnectionDroppedAfterStore,

    /// <summary>Forwarded (it takes effect in the store), then answered 503 ServerBusy instead of the store's answer.</summary>
    ServerBusyAfterStore,

    /// <summary>Held without an answer until the client gives up, as a hanging store does; the store never sees it.</summary>
    StallBeforeStore,

    /// <summary>
    /// Held without an answer until the test releases it (<see cref="FaultProxy.ArmedFault.Release"/>),
    /// then forwarded to the store even though the client gave up on it, its answer thrown away: a
    /// request in a frozen store's socket buffers, which it applies when it wakes up.
    /// </summary>
    HeldThenForwarded,
}
