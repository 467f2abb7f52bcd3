namespace Commune.Tasks;

/// <summary>The wire names of <see cref="TaskPriority"/>.</summary>
public static class TaskPriorityNames
{
    public static readonly IReadOnlyList<string> All = ["low", "medium", "high", "critical"];

    public static string Name(this TaskPriority priority) => All[(int)priority];

    public static bool TryParse(string? name, out TaskPriority priority)
    {
        var index = name is null ? -1 : All.ToList().IndexOf(name);
        priority = index < 0 ? TaskPriority.Medium : (TaskPriority)index;
        return index >= 0;
    }
}
