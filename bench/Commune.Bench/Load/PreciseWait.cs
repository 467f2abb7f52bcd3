using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Commune.Bench.Load;

/// <summary>
/// Blocks the calling thread until a <see cref="Stopwatch"/> timestamp without spinning a core the system under test needs:
/// on Linux with <c>clock_nanosleep</c> (a high-resolution timer: wakes within tens of microseconds), elsewhere with
/// <see cref="Thread.Sleep(int)"/> and a short spin for the last millisecond.
/// </summary>
internal static partial class PreciseWait
{
    private const int ClockMonotonic = 1;
    private const int Eintr = 4;
    private const int PrSetTimerSlack = 29;

    /// <summary>
    /// Linux lets a sleeping thread wake up to 50 µs late by default (timer slack) to batch wake-ups; this asks for 1 ns
    /// for the calling thread, which halves the median wake-up delay. Harmless where unsupported.
    /// </summary>
    public static void TightenCurrentThread()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    public static void Until(long timestamp)
    {
        while (true)
        {
            var remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            var nanoseconds = (long)(remaining * (1_000_000_000.0 / Stopwatch.Frequency));
            if (OperatingSystem.IsLinux())
            {
                var request = new TimeSpec(nanoseconds / 1_000_000_000, nanoseconds % 1_000_000_000);
                var error = ClockNanosleep(ClockMonotonic, 0, in request, IntPtr.Zero);
                if (error != 0 && error != Eintr)
                {
                    throw new InvalidOperationException($"clock_nanosleep failed with error {error}");
                }
            }
            else if (nanoseconds > 2_000_000)
            {
                Thread.Sleep((int)((nanoseconds / 1_000_000) - 1));
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static partial int ClockNanosleep(int clockId, int flags, in TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [StructLayout(LayoutKind.Sequential)]
    private readonly struct TimeSpec(long seconds, long nanoseconds)
    {
        public readonly long Seconds = seconds;
        public readonly long Nanoseconds = nanoseconds;
    }
}
