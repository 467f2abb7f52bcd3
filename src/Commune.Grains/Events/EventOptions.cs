namespace Commune.Grains.Events;

/// <summary>The audit trail's settings (<c>Events:*</c>).</summary>
public sealed class EventOptions
{
    public const string SectionName = "Events";

    /// <summary>How long the recorder gathers entries before writing them (a batch is also written once it is full).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most entries in one write.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Entries a silo buffers while the store is slow or away; beyond it new entries are dropped, counted and logged.</summary>
    public int BufferCapacity { get; set; } = 100_000;

    /// <summary>Events the in-memory log keeps (embedded mode and test clusters); the oldest go first.</summary>
    public int MemoryRetention { get; set; } = 100_000;

    /// <summary>Validates the options; each message names its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (FlushInterval <= TimeSpan.Zero || FlushInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"Events:FlushInterval must be above zero and at most one minute, not {FlushInterval}.";
        }

        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"Events:BatchSize must be between 1 and 10000, not {BatchSize}.";
        }

        if (BufferCapacity < BatchSize)
        {
            yield return $"Events:BufferCapacity must be at least Events:BatchSize ({BatchSize}), not {BufferCapacity}.";
        }

        if (MemoryRetention < 1)
        {
            yield return $"Events:MemoryRetention must be at least 1, not {MemoryRetention}.";
        }
    }
}
