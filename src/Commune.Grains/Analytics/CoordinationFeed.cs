using Commune.Analytics;
using Commune.Events;
using Commune.Grains.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Analytics;

/// <summary>
/// The audit trail's coordination listener: after a batch is written it picks the entries that are agent actions or registrations
/// (a test on the kind) and hands them to a local stateless router in one one-way call. Nothing is awaited, so the audit pipeline
/// and the grains that record into it never wait on coordination.
/// </summary>
public sealed partial class CoordinationFeed(IGrainFactory grains, IOptions<CoordinationOptions> options, ILogger<CoordinationFeed> logger) : IAuditListener
{
    public void Written(IReadOnlyList<AuditEntry> batch)
    {
        if (!options.Value.Record)
        {
            return;
        }

        List<AuditEntry>? relevant = null;
        foreach (var entry in batch)
        {
            if (AuditObservations.Relevant(entry))
            {
                (relevant ??= []).Add(entry);
            }
        }

        if (relevant is null)
        {
            return;
        }

        try
        {
            grains.GetGrain<ICoordinationRouterGrain>(0).RouteAsync(relevant).Ignore();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogForwardFailed(logger, ex, relevant.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward {Count} audit entries to coordination recording")]
    private static partial void LogForwardFailed(ILogger logger, Exception exception, int count);
}
