namespace Commune.Agents;

/// <summary>Directory totals for monitoring: agents by status and role, and the time they spent working and waiting.</summary>
[GenerateSerializer, Immutable, Alias("commune.agents.AgentDirectoryStats")]
public sealed record AgentDirectoryStats(
    [property: Id(0)] int Total,
    [property: Id(1)] int Idle,
    [property: Id(2)] int Working,
    [property: Id(3)] int Offline,
    [property: Id(4)] IReadOnlyDictionary<string, int> ByRole,
    [property: Id(5)] TimeSpan WorkingTime,
    [property: Id(6)] TimeSpan IdleTime,
    [property: Id(7)] IReadOnlyList<string> OfflineWithTasks)
{
    public static AgentDirectoryStats Empty { get; } = new(0, 0, 0, 0, new Dictionary<string, int>(), TimeSpan.Zero, TimeSpan.Zero, []);

    public AgentDirectoryStats Add(AgentDirectoryStats other)
    {
        var roles = new Dictionary<string, int>(ByRole);
        foreach (var (role, count) in other.ByRole)
        {
            roles[role] = roles.GetValueOrDefault(role) + count;
        }

        return new(
            Total + other.Total, Idle + other.Idle, Working + other.Working, Offline + other.Offline, roles,
            WorkingTime + other.WorkingTime, IdleTime + other.IdleTime, [.. OfflineWithTasks, .. other.OfflineWithTasks]);
    }
}
