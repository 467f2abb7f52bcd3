namespace Commune.Tasks;

/// <summary>The wire names of <see cref="PipelineStatus"/>.</summary>
public static class PipelineStatusNames
{
    public static string Name(this PipelineStatus status) => status switch
    {
        PipelineStatus.Running => "running",
        PipelineStatus.Completed => "completed",
        PipelineStatus.Failed => "failed",
        PipelineStatus.Cancelled => "cancelled",
        _ => status.ToString().ToLowerInvariant(),
    };
}
