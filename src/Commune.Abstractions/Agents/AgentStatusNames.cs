namespace Commune.Agents;

/// <summary>The wire names of <see cref="AgentStatus"/>.</summary>
public static class AgentStatusNames
{
    public static string Name(this AgentStatus status) => status switch
    {
        AgentStatus.Idle => "idle",
        AgentStatus.Working => "working",
        AgentStatus.Offline => "offline",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? text, out AgentStatus status)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "idle": status = AgentStatus.Idle; return true;
            case "working": status = AgentStatus.Working; return true;
            case "offline": status = AgentStatus.Offline; return true;
            default: status = default; return false;
        }
    }

    public const string All = "idle, working, offline";
}
