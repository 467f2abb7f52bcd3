namespace Commune.Grains.Tasks;

/// <summary>One claim that ended without a result (released or expired): who held it and when it ended.</summary>
[GenerateSerializer, Alias("commune.tasks.ThrashMark")]
public sealed record ThrashMark([property: Id(0)] string AgentId, [property: Id(1)] DateTimeOffset At);
