using Commune.Faults;
using Microsoft.Extensions.Logging;

namespace Commune.Hosting.Storage;

/// <summary>
/// The net behind <see cref="FaultTranslatingGrainStorage"/>: a database failure that reaches a grain call some other way (a reminder
/// registration, a query a grain makes itself) also becomes a <see cref="StorageUnavailableException"/>, and drops the activation, whose
/// in-memory state may have moved ahead of what was stored.
/// </summary>
public sealed partial class StorageFaultCallFilter(ILogger<StorageFaultCallFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException && StorageFaults.IsDatabaseFault(ex))
        {
            LogFailed(logger, ex, context.TargetId, context.ImplementationMethod.Name);
            context.TargetContext.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, "a database call failed"));
            throw StorageFaults.Translate(ex, operation: null, context.TargetId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A database call failed in {GrainId}.{Method}; the activation is dropped")]
    private static partial void LogFailed(ILogger logger, Exception exception, GrainId grainId, string method);
}
