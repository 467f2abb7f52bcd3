using Commune.Models;
using Orleans.Concurrency;

namespace Commune.Grains.Models;

/// <summary>
/// The stateless worker that executes chat requests on the silo that received them. One reentrant activation per silo serves every
/// concurrent call (they wait on I/O, not CPU). More than one activation would break cancellation: Orleans 10 routes a call's cancel
/// signal to any activation of a stateless worker, not the one running the call (dotnet/orleans#9877), and a caller that went away
/// must stop its chain.
/// </summary>
[StatelessWorker(1), Reentrant]
public sealed class ModelCallGrain(ChainExecutor executor) : Grain, IModelCallGrain
{
    public Task<ModelCallResult> CompleteAsync(ModelCall call, CancellationToken cancellationToken = default) =>
        executor.CompleteAsync(call, cancellationToken);

    public IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelCall call, CancellationToken cancellationToken = default) =>
        executor.StreamAsync(call, cancellationToken);
}
