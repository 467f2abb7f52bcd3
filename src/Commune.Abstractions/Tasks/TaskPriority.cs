namespace Commune.Tasks;

/// <summary>Priorities (★ DESIGN.md); the numeric value is the level used for ordering and aging.</summary>
public enum TaskPriority
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}
