namespace Commune.Tasks;

/// <summary>A pipeline command's answer: the pipeline as it is now, or why nothing changed (task error codes, same HTTP mapping).</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.PipelineReply")]
public sealed record PipelineReply([property: Id(0)] PipelineView? Pipeline, [property: Id(1)] TaskError? Error)
{
    public bool Succeeded => Error is null;

    public static PipelineReply Ok(PipelineView pipeline) => new(pipeline, null);

    public static PipelineReply Refused(TaskErrorCode code, string message, PipelineView? pipeline = null) =>
        new(pipeline, TaskError.Of(code, message));
}
