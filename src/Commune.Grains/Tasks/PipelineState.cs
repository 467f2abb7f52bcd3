using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>A pipeline's persisted state. <see cref="Spec"/> is null until the pipeline is started.</summary>
[GenerateSerializer, Alias("commune.tasks.PipelineState")]
public sealed class PipelineState
{
    [Id(0)] public PipelineSpec? Spec { get; set; }

    [Id(1)] public PipelineStatus Status { get; set; }

    /// <summary>The index of the running stage (or of the last one that ran, once the pipeline is over).</summary>
    [Id(2)] public int Current { get; set; }

    /// <summary>One entry per stage of <see cref="Spec"/>, in order.</summary>
    [Id(3)] public List<PipelineStageState> Stages { get; set; } = [];

    [Id(4)] public string? Output { get; set; }

    [Id(5)] public string? Error { get; set; }

    [Id(6)] public string? FailedStage { get; set; }

    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset UpdatedAt { get; set; }
}
