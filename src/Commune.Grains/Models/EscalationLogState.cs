using Commune.Models;

namespace Commune.Grains.Models;

/// <summary>The escalation records, oldest first, capped.</summary>
[GenerateSerializer, Alias("commune.models.EscalationLogState")]
public sealed class EscalationLogState
{
    [Id(0)] public List<Escalation> Escalations { get; set; } = [];
}
