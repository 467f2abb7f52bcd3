using Commune.Grains.Agents;

namespace Commune.Gateway.Endpoints.Agents;

/// <summary>Checks shared by the agent, pool and spawn routes, so a list element that is JSON null is refused like any bad one.</summary>
public static class AgentRequests
{
    /// <summary>A 400 for more than the allowed capabilities or one that is not a valid name (null included); null when fine.</summary>
    public static IResult? CapabilityProblem(IReadOnlyList<string>? capabilities)
    {
        var list = capabilities ?? [];
        if (list.Count > AgentNames.MaxCapabilities)
        {
            return AgentProblems.Invalid($"An agent has at most {AgentNames.MaxCapabilities} capabilities, not {list.Count}.");
        }

        return FirstInvalid(list, AgentNames.MaxCapabilityLength) is { } bad
            ? AgentProblems.Invalid(AgentNames.Rule("A capability", AgentNames.MaxCapabilityLength) + $", not {bad}.")
            : null;
    }

    /// <summary>The first element that is not a valid name, quoted (or <c>null</c> for a JSON null); null when all are valid.</summary>
    public static string? FirstInvalid(IReadOnlyList<string> names, int max)
    {
        foreach (var name in names)
        {
            if (!AgentNames.IsValid(name, max))
            {
                return name is null ? "null" : $"'{name}'";
            }
        }

        return null;
    }
}
