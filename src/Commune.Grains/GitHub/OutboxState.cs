using Commune.GitHub;

namespace Commune.Grains.GitHub;

/// <summary>The recording outbox: posts oldest first and the last id given.</summary>
[GenerateSerializer, Alias("commune.github.OutboxState")]
public sealed class OutboxState
{
    [Id(0)] public List<OutboxEntry> Posts { get; set; } = [];

    [Id(1)] public long LastId { get; set; }
}
