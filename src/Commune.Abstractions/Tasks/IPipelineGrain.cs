using Orleans.Concurrency;

namespace Commune.Tasks;

/// <summary>A staged pipeline (key = pipeline id): each stage is a task, each stage's result the next stage's input.</summary>
[Alias("commune.tasks.IPipelineGrain")]
public interface IPipelineGrain : IGrainWithStringKey
{
    /// <summary>A stage's task finished. Safe to repeat.</summary>
    Task StageFinishedAsync(DependencyState stage, string? result);

    /// <summary>Starts the pipeline: validates the spec and creates the first stage's task. Refused if the pipeline exists.</summary>
    /// <remarks>A pipeline creates its stages' tasks before it answers: past the gateway's 10 s default on a loaded PostgreSQL.</remarks>
    [ResponseTimeout("00:02:00")]
    Task<PipelineReply> StartAsync(PipelineSpec spec);

    /// <summary>The pipeline, or null if it was never started. Interleaves: a read never waits behind (or deadlocks with) a command.</summary>
    [AlwaysInterleave]
    Task<PipelineView?> GetAsync();

    /// <summary>Cancels a running pipeline and its running stage's task; later stages are never created.</summary>
    Task<PipelineReply> CancelAsync(string reason);
}
