using Commune.Monitoring;
using Orleans.Concurrency;

namespace Commune.Grains.Monitoring;

/// <summary>
/// The cluster's message totals, kept in memory (they are monitoring, not records: a move of this grain starts them again, which
/// <see cref="MessageVolume.Since"/> says). The last minute's sends are the flushes that arrived within it.
/// </summary>
[Reentrant]
public sealed class MessageStatsGrain(TimeProvider time) : Grain, IMessageStatsGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<(DateTimeOffset At, long Sent)> _recent = new();
    private long _sent;
    private long _delivered;
    private long _refused;
    private DateTimeOffset _since;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _since = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task AddAsync(MessageCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        _sent += counts.Sent;
        _delivered += counts.Delivered;
        _refused += counts.Refused;
        if (counts.Sent > 0)
        {
            _recent.Enqueue((time.GetUtcNow(), counts.Sent));
        }

        return Task.CompletedTask;
    }

    public Task<MessageVolume> GetAsync()
    {
        var from = time.GetUtcNow() - Window;
        while (_recent.TryPeek(out var oldest) && oldest.At < from)
        {
            _recent.Dequeue();
        }

        return Task.FromResult(new MessageVolume(_sent, _delivered, _refused, _recent.Sum(r => r.Sent), _since));
    }
}
