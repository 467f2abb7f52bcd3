using System.Diagnostics;
using System.Runtime;

namespace Commune.Bench.Agents;

/// <summary>The process's memory after full, compacting, blocking collections: managed heap (two views) and working set.</summary>
internal sealed record MemorySnapshot(long TotalMemory, long HeapSize, long WorkingSet)
{
    public static MemorySnapshot Take()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var total = GC.GetTotalMemory(forceFullCollection: true);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemorySnapshot(total, heap, process.WorkingSet64);
    }

    public static double MiB(long bytes) => bytes / (1024.0 * 1024.0);
}
