using System.Runtime.InteropServices;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): on a shared, loaded machine
/// a rate per CPU-second moves far less than a rate per wall-clock second, which counts the time
/// other processes held the core. Falls back to the process's CPU time elsewhere.
/// </summary>
public static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    /// <summary>Nanoseconds of CPU used so far by this thread.</summary>
    public static long Nanoseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0) return t.Seconds * 1_000_000_000 + t.Nanoseconds;
        return (long)(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds * 1_000_000);
    }
}
