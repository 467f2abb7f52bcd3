namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>One definition-of-done check: <c>{"kind": "result_fields", "fields": ["summary"]}</c>, <c>review_approved</c>, <c>result_not_empty</c>.</summary>
public sealed record DoneCheckRequest(string? Kind, IReadOnlyList<string>? Fields);
