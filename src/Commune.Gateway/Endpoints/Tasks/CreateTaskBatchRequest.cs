namespace Commune.Gateway.Endpoints.Tasks;

/// <summary><c>POST /v1/tasks/batch</c>: tasks whose dependencies may name each other, in any order.</summary>
public sealed record CreateTaskBatchRequest(IReadOnlyList<CreateTaskRequest>? Tasks);
