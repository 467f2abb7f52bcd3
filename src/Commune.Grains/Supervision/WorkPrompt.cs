using Commune.Models;
using Commune.Tasks;

namespace Commune.Grains.Supervision;

/// <summary>
/// The conversation a managed agent sends for a task: who it is, the task, its input, and what earlier attempts left behind
/// (checkpoint and constraints, seed 003's enriched retry), so a task taken over from a dead agent continues rather than restarts.
/// </summary>
public static class WorkPrompt
{
    public static IReadOnlyList<ChatTurn> For(TaskView task, string agentId, string role)
    {
        var spec = task.Spec;
        var system = $"You are {agentId}, a {role} agent in a team coordinated by Commune. Do the task you are given and answer with the result only.";
        var user = new System.Text.StringBuilder();
        user.Append("Task: ").Append(spec.Title);
        if (!string.IsNullOrWhiteSpace(spec.Description))
        {
            user.Append("\n\n").Append(spec.Description);
        }

        if (spec.Input is { } input)
        {
            user.Append("\n\nInput (JSON):\n").Append(input);
        }

        if (task.Checkpoint is { } checkpoint)
        {
            user.Append("\n\nAn earlier attempt saved this checkpoint; continue from it:\n").Append(checkpoint);
        }

        if (task.Constraints.Count > 0)
        {
            user.Append("\n\nConstraints from earlier attempts and reviews:\n- ").AppendJoin("\n- ", task.Constraints);
        }

        return [new ChatTurn("system", system), new ChatTurn("user", user.ToString())];
    }
}
