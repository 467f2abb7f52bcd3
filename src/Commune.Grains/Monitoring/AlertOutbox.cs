using System.Threading.Channels;
using Commune.Monitoring;

namespace Commune.Grains.Monitoring;

/// <summary>
/// Alerts waiting to be POSTed to the webhook. The monitor grain only queues (never waits on a receiver); a hosted sender drains the
/// queue. Bounded: a receiver that is down for long loses the oldest alerts, which stay listed at <c>/v1/monitor/alerts</c>.
/// </summary>
public sealed class AlertOutbox
{
    private readonly Channel<MonitorAlert> _channel = Channel.CreateBounded<MonitorAlert>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<MonitorAlert> Reader => _channel.Reader;

    public void Queue(MonitorAlert alert) => _channel.Writer.TryWrite(alert);
}
