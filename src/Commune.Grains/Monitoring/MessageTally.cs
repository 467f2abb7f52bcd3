using Commune.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Monitoring;

/// <summary>
/// This silo's message counts since the last flush. The router's activations add to it (interlocked, no grain call per message) and
/// every <see cref="MonitorOptions.MessageFlushInterval"/> the increments go to the cluster's <see cref="IMessageStatsGrain"/>. A failed
/// flush puts them back for the next one; a silo that dies loses at most one interval's counts.
/// </summary>
public sealed partial class MessageTally(IGrainFactory grains, IOptions<MonitorOptions> options, ILogger<MessageTally> logger) : BackgroundService
{
    private long _sent;
    private long _delivered;
    private long _refused;

    public void Sent(int delivered)
    {
        Interlocked.Increment(ref _sent);
        if (delivered > 0)
        {
            Interlocked.Add(ref _delivered, delivered);
        }
    }

    public void Refused() => Interlocked.Increment(ref _refused);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MessageFlushInterval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var counts = new MessageCounts(Interlocked.Exchange(ref _sent, 0), Interlocked.Exchange(ref _delivered, 0), Interlocked.Exchange(ref _refused, 0));
            if (counts.IsEmpty)
            {
                continue;
            }

            try
            {
                await grains.GetGrain<IMessageStatsGrain>(IMessageStatsGrain.Key).AddAsync(counts);
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Add(ref _sent, counts.Sent);
                Interlocked.Add(ref _delivered, counts.Delivered);
                Interlocked.Add(ref _refused, counts.Refused);
                if (!failing)
                {
                    LogFlushFailed(ex.Message);
                    failing = true;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message counts could not be flushed to the cluster totals; keeping them for the next flush: {Reason}")]
    private partial void LogFlushFailed(string reason);
}
