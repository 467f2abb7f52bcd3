using Commune.Models;
using Orleans.Concurrency;

namespace Commune.Grains.Models;

/// <summary>
/// The stateless worker pool that executes chat requests: Orleans adds activations per silo under load, and each call runs
/// locally on the silo that received it.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class ModelCallGrain(ChainExecutor executor) : Grain, IModelCallGrain
{
    public Task<ModelCallResult> CompleteAsync(ModelCall call, CancellationToken cancellationToken = default) =>
        executor.CompleteAsync(call, cancellationToken);

    public IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelCall call, CancellationToken cancellationToken = default) =>
        executor.StreamAsync(call, cancellationToken);
}
