namespace Commune.Gateway.Endpoints.Events;

/// <summary>Whose state a replay rebuilds: <see cref="Type"/> is <c>task</c> or <c>agent</c>.</summary>
public sealed record EventSubject(string Type, string Id);
