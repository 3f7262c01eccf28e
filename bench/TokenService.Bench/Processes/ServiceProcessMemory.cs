using TokenService.TestSupport.Processes;

namespace TokenService.Bench.Processes;

/// <summary>
/// The bench's memory readings of a <see cref="ServiceProcess"/> (the shared process type knows
/// nothing of <c>/proc</c>): its resident set now (VmRSS) and at its peak (VmHWM), null once it is gone.
/// </summary>
internal static class ServiceProcessMemory
{
    extension(ServiceProcess service)
    {
        public long? PeakResidentBytes => ProcFs.StatusBytes(service.Pid, "VmHWM");

        public long? ResidentBytes => ProcFs.StatusBytes(service.Pid, "VmRSS");
    }
}
