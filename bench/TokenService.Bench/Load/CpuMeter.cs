using TokenService.Bench.Processes;

namespace TokenService.Bench.Load;

/// <summary>
/// Who used the machine's CPUs during a phase: the load client (this process), the service,
/// Azurite, and everything else (other work on the machine, which disturbs the measurement).
/// Read from <c>/proc/stat</c> and <c>/proc/&lt;pid&gt;/stat</c>.
/// </summary>
internal sealed class CpuMeter(int? azuritePid)
{
    private readonly int _self = Environment.ProcessId;

    /// <summary>The service process being measured, when there is one.</summary>
    public int? ServicePid { get; set; }

    public CpuSnapshot Snapshot() => new(
        DateTimeOffset.UtcNow,
        ProcFs.MachineCpuTicks(),
        ProcFs.ProcessCpuTicks(_self),
        ServicePid is { } service ? ProcFs.ProcessCpuTicks(service) : 0,
        azuritePid is { } azurite ? ProcFs.ProcessCpuTicks(azurite) : 0);

    public CpuShare Since(CpuSnapshot start)
    {
        var end = Snapshot();
        var seconds = (end.At - start.At).TotalSeconds;
        double Cores(long ticks) => ticks / (double)ProcFs.ClockTicksPerSecond / seconds;
        var busy = end.Machine.Busy - start.Machine.Busy;
        var client = end.Client - start.Client;
        var service = end.Service - start.Service;
        var azurite = end.Azurite - start.Azurite;
        return new CpuShare(
            seconds,
            Cores(client),
            Cores(service),
            azuritePid is null ? double.NaN : Cores(azurite),
            Math.Max(0, Cores(busy - client - service - azurite)),
            Cores(busy),
            Environment.ProcessorCount);
    }
}

internal sealed record CpuSnapshot(DateTimeOffset At, (long Busy, long Total) Machine, long Client, long Service, long Azurite);

/// <summary>CPU used during a window, in cores (1.0 = one core busy for the whole window).</summary>
internal sealed record CpuShare(double Seconds, double Client, double Service, double Azurite, double Other, double Machine, int Cores)
{
    public static readonly CpuShare None = new(0, 0, 0, 0, 0, 0, Environment.ProcessorCount);

    /// <summary>CPU milliseconds per successful request for a process's share.</summary>
    public double MillisecondsPerRequest(double cores, long requests) =>
        requests == 0 ? double.NaN : cores * Seconds * 1000 / requests;
}
