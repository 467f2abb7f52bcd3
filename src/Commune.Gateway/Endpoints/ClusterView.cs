namespace Commune.Gateway.Endpoints;

/// <summary>The cluster as <c>GET /v1/cluster</c> shows it.</summary>
public sealed record ClusterView(string Mode, string ClusterId, string ServiceId, string? Database, IReadOnlyList<SiloView> Silos);

/// <summary>One membership entry.</summary>
public sealed record SiloView(string Address, string Name, string Host, string Status, DateTimeOffset StartedAt, DateTimeOffset IAmAliveAt);
