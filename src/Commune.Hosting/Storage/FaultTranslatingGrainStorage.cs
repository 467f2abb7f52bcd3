using Commune.Faults;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Commune.Hosting.Storage;

/// <summary>
/// Wraps a grain storage provider so that a failed read, write or clear (1) answers a <see cref="StorageUnavailableException"/> the
/// gateway can map to 503, instead of a provider exception that cannot even be serialized, and (2) after a failed write or clear drops
/// the activation: grains change their in-memory state before they write it, so an activation that outlives a failed write would
/// serve state that was never stored. The next call reloads what is.
/// </summary>
public sealed partial class FaultTranslatingGrainStorage(
    string name, IGrainStorage inner, IGrainContextAccessor contexts, ILogger<FaultTranslatingGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The provider this one wraps.</summary>
    public IGrainStorage Inner => inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync("read", stateName, grainId, () => inner.ReadStateAsync(stateName, grainId, grainState), drop: false);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync("write", stateName, grainId, () => inner.WriteStateAsync(stateName, grainId, grainState), drop: true);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        GuardAsync("clear", stateName, grainId, () => inner.ClearStateAsync(stateName, grainId, grainState), drop: true);

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    private async Task GuardAsync(string operation, string stateName, GrainId grainId, Func<Task> call, bool drop)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (ex is not StorageUnavailableException and not OperationCanceledException)
        {
            LogFailed(logger, ex, name, operation, stateName, grainId);
            if (drop && TryGetContext(grainId) is { } context)
            {
                context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"storage {operation} of '{stateName}' failed"));
            }

            throw StorageFaults.Translate(ex, operation, grainId);
        }
    }

    /// <summary>The activation that asked, when it is the grain whose state this is (never another one's).</summary>
    private IGrainContext? TryGetContext(GrainId grainId)
    {
        try
        {
            return contexts.GrainContext is { } context && context.GrainId == grainId ? context : null;
        }
        catch (InvalidOperationException)
        {
            return null; // called outside any activation
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage {Provider} failed to {Operation} '{StateName}' of {GrainId}; the activation is dropped after a failed write")]
    private static partial void LogFailed(ILogger logger, Exception exception, string provider, string operation, string stateName, GrainId grainId);
}
