using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>What a pipeline remembers about one stage. <see cref="TaskId"/> is set when the stage starts, before its task is created.</summary>
[GenerateSerializer, Alias("commune.tasks.PipelineStageState")]
public sealed class PipelineStageState
{
    [Id(0)] public string? TaskId { get; set; }

    /// <summary>The board created the task (or it was found already created by an earlier attempt).</summary>
    [Id(1)] public bool Created { get; set; }

    /// <summary>The task's status as last heard: at creation, and when it finished.</summary>
    [Id(2)] public WorkStatus? Status { get; set; }

    /// <summary>The task's result (JSON text) once it completed.</summary>
    [Id(3)] public string? Output { get; set; }

    [Id(4)] public string? Error { get; set; }
}
