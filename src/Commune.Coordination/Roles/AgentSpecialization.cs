namespace Commune.Coordination;

/// <summary>
/// An agent's most frequent role (<see cref="Dominant"/>), the share of its actions in that role, and whether the share is
/// strictly above the threshold.
/// </summary>
public sealed record AgentSpecialization(string Dominant, double Share, bool Specialized);
