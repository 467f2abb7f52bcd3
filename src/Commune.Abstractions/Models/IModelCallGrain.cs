namespace Commune.Models;

/// <summary>Executes chat requests through a profile's fallback chain. A stateless worker: one pool per silo, no state.</summary>
[Alias("commune.models.IModelCallGrain")]
public interface IModelCallGrain : IGrainWithIntegerKey
{
    /// <summary>Runs the chain to completion; cancellation (the caller went away) stops the work.</summary>
    /// <remarks>The chain's own step timeouts bound the call; Orleans' default 30 s response timeout would cut a long chain short.</remarks>
    [ResponseTimeout("00:10:00")]
    Task<ModelCallResult> CompleteAsync(ModelCall call, CancellationToken cancellationToken = default);

    /// <summary>Runs the chain streaming; failover is possible until the first token, after which faults end the stream with an error.</summary>
    IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelCall call, CancellationToken cancellationToken = default);
}
