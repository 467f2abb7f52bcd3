using Commune.Events;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Events;

/// <summary>
/// The in-memory audit trail (<see cref="IEventLogGrain"/>): one activation, kept alive, holding the newest
/// <see cref="EventOptions.MemoryRetention"/> events in id order. A grain rather than a per-silo list because a test cluster runs
/// several silos in one process and they must share one trail with one sequence of ids. Nothing is persisted: the trail ends with
/// the silo that holds it, as all embedded state does.
/// </summary>
[KeepAlive]
public sealed class EventLogGrain(IOptions<EventOptions> options) : Grain, IEventLogGrain
{
    private readonly List<AuditEvent> _events = [];
    private long _lastId;

    public Task<long> AppendAsync(IReadOnlyList<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            _events.Add(AuditEvent.From(++_lastId, entry));
        }

        var retention = Math.Max(1, options.Value.MemoryRetention);
        if (_events.Count > retention)
        {
            _events.RemoveRange(0, _events.Count - retention);
        }

        return Task.FromResult(_lastId);
    }

    public Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query)
    {
        var page = new List<AuditEvent>(Math.Min(query.Limit, 1024));
        var upTo = query.UpTo ?? long.MaxValue;
        for (var i = FirstAfter(query.After); i < _events.Count && page.Count < query.Limit && _events[i].Id <= upTo; i++)
        {
            if (query.Matches(_events[i]))
            {
                page.Add(_events[i]);
            }
        }

        return Task.FromResult<IReadOnlyList<AuditEvent>>(page);
    }

    /// <summary>The index of the first event with an id above <paramref name="after"/> (ids ascend).</summary>
    private int FirstAfter(long after)
    {
        int low = 0, high = _events.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (_events[mid].Id <= after)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
