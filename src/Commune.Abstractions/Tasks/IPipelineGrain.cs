namespace Commune.Tasks;

/// <summary>A staged pipeline (key = pipeline id): each stage is a task, each stage's result the next stage's input.</summary>
[Alias("commune.tasks.IPipelineGrain")]
public interface IPipelineGrain : IGrainWithStringKey
{
    /// <summary>A stage's task finished. Safe to repeat.</summary>
    Task StageFinishedAsync(DependencyState stage, string? result);
}
