namespace Commune.Bench.Load;

/// <summary>Counts answers by HTTP status (0: no answer) from many requests at once, and keeps the first error's text.</summary>
internal sealed class OutcomeTally
{
    private readonly long[] _byStatus = new long[600];
    private long _ok;
    private string? _firstError;

    public long Ok => Interlocked.Read(ref _ok);

    public long Errors => _byStatus.Sum() - Ok;

    public string? FirstError => Volatile.Read(ref _firstError);

    public void Add(RequestOutcome outcome)
    {
        Interlocked.Increment(ref _byStatus[outcome.Status is >= 0 and < 600 ? outcome.Status : 0]);
        if (outcome.Ok)
        {
            Interlocked.Increment(ref _ok);
        }
        else if (outcome.Error is not null)
        {
            Interlocked.CompareExchange(ref _firstError, outcome.Error, null);
        }
    }

    /// <summary>Count per status that occurred, keyed by the status ("0" for requests that got no response).</summary>
    public SortedDictionary<string, long> ByStatus()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var status = 0; status < _byStatus.Length; status++)
        {
            var count = Interlocked.Read(ref _byStatus[status]);
            if (count > 0)
            {
                counts[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = count;
            }
        }

        return counts;
    }
}
