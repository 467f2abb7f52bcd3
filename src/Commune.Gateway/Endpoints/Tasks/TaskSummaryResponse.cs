using Commune.Tasks;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>One row of <c>GET /v1/tasks</c>.</summary>
public sealed record TaskSummaryResponse(
    string Id,
    string Title,
    string Status,
    string Priority,
    IReadOnlyList<string> Tags,
    string? AgentId,
    long Epoch,
    DateTimeOffset? LeaseExpiresAt,
    string? ParentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TaskSummaryResponse From(TaskSummary t) => new(
        t.Id, t.Title, t.Status.Name(), t.Priority.Name(), t.Tags, t.AgentId, t.Epoch, t.LeaseExpiresAt, t.ParentId, t.CreatedAt, t.UpdatedAt);
}
