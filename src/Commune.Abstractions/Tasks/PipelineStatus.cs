namespace Commune.Tasks;

/// <summary>A pipeline's place in its life. Everything but <see cref="Running"/> is final.</summary>
public enum PipelineStatus
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
