using Orleans.Runtime;
using Commune.Health;

namespace Commune.Grains.Health;

/// <summary>Round-trips a small record through grain storage so a caller knows activation and storage both work.</summary>
public sealed class HealthProbeGrain(
    [PersistentState("probe", StorageNames.Default)] IPersistentState<HealthProbeState> state,
    ILocalSiloDetails silo,
    TimeProvider time) : Grain, IHealthProbeGrain
{
    private DateTimeOffset _activatedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public async Task<ProbeReport> ProbeAsync()
    {
        var now = time.GetUtcNow();
        state.State.Probes++;
        state.State.FirstProbeAt ??= now;
        state.State.LastProbeAt = now;
        await state.WriteStateAsync();
        return Report();
    }

    public Task<ProbeReport> PeekAsync() => Task.FromResult(Report());

    private ProbeReport Report() => new(
        this.GetPrimaryKeyString(),
        state.State.Probes,
        state.State.FirstProbeAt,
        state.State.LastProbeAt,
        silo.SiloAddress.ToParsableString(),
        _activatedAt);
}
