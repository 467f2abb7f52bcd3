using Commune.Models;

namespace Commune.Grains.Models;

/// <summary>Keeps the most recent escalation records for <c>GET /v1/escalations</c>.</summary>
public sealed class EscalationLogGrain(
    [PersistentState("escalations", StorageNames.Default)] IPersistentState<EscalationLogState> state) : Grain, IEscalationLogGrain
{
    private const int Limit = 1000;

    public async Task RecordAsync(Escalation escalation)
    {
        var list = state.State.Escalations;
        if (list.Any(e => e.Id == escalation.Id))
        {
            return;
        }

        list.Add(escalation);
        if (list.Count > Limit)
        {
            list.RemoveRange(0, list.Count - Limit);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<Escalation>> ListAsync(int limit)
    {
        var list = state.State.Escalations;
        IReadOnlyList<Escalation> newest = list.AsEnumerable().Reverse().Take(Math.Clamp(limit, 1, Limit)).ToArray();
        return Task.FromResult(newest);
    }
}
