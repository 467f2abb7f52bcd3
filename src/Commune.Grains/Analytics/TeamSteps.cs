using Commune.Analytics;

namespace Commune.Grains.Analytics;

/// <summary>
/// The ring of a team's steps: ascending by number and sparse (a step exists once something happened in it). Only the last
/// <c>maxSteps</c> step numbers are kept, counted back from the newest, so a report window never reaches a step that was dropped.
/// </summary>
public static class TeamSteps
{
    /// <summary>Adds the observation to its step; false when the step is older than the ring.</summary>
    public static bool Add(List<TeamStep> steps, long number, CoordinationObservation observation, int maxSteps)
    {
        var newest = steps.Count > 0 ? Math.Max(steps[^1].Number, number) : number;
        if (number <= newest - maxSteps)
        {
            return false;
        }

        var step = Find(steps, number);
        var agent = step.Agents.TryGetValue(observation.Agent, out var found) ? found : step.Agents[observation.Agent] = new AgentStep();
        agent.Actions[observation.Action] = agent.Actions.GetValueOrDefault(observation.Action) + 1;
        var role = observation.Role ?? observation.Action;
        agent.Roles[role] = agent.Roles.GetValueOrDefault(role) + 1;
        agent.Last = observation.Action;
        if (observation.Outcome == CoordinationOutcomes.Success)
        {
            step.Successes++;
            if (observation.TaskType is { } type)
            {
                step.TypeSuccesses[type] = step.TypeSuccesses.GetValueOrDefault(type) + 1;
            }
        }
        else if (observation.Outcome == CoordinationOutcomes.Failure)
        {
            step.Failures++;
            if (observation.TaskType is { } type)
            {
                step.TypeFailures[type] = step.TypeFailures.GetValueOrDefault(type) + 1;
            }
        }

        // Age out steps the newest one pushed past the ring.
        var drop = 0;
        while (drop < steps.Count && steps[drop].Number <= newest - maxSteps)
        {
            drop++;
        }

        steps.RemoveRange(0, drop);
        return true;
    }

    private static TeamStep Find(List<TeamStep> steps, long number)
    {
        // Nearly always the newest step or a new one after it.
        if (steps.Count > 0 && steps[^1].Number == number)
        {
            return steps[^1];
        }

        if (steps.Count == 0 || steps[^1].Number < number)
        {
            steps.Add(new TeamStep { Number = number });
            return steps[^1];
        }

        int low = 0, high = steps.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (steps[mid].Number == number)
            {
                return steps[mid];
            }

            if (steps[mid].Number < number)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        var step = new TeamStep { Number = number };
        steps.Insert(low, step);
        return step;
    }
}
