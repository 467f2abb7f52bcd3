using Commune.Agents;
using Commune.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Commune.Grains.Agents;

/// <summary>
/// One directory shard. Reentrant and always active: agents report to it one-way, queries read it, and its sweep marks agents whose
/// heartbeats stopped. Nothing here awaits an agent except broadcast delivery, and agents never await the shard, so there is no cycle.
/// </summary>
[Reentrant, KeepAlive]
public sealed partial class AgentDirectoryGrain(
    [PersistentState("agent-directory", StorageNames.Default)] IPersistentState<AgentDirectoryState> state,
    IOptions<FleetOptions> fleet,
    TimeProvider time,
    ILogger<AgentDirectoryGrain> logger) : Grain, IAgentDirectoryGrain
{
    private const int BroadcastParallelism = 64;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    // Ten thousand agents share a handful of roles, profiles and capability lists: keep one copy of each.
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _lists = new(StringComparer.Ordinal);
    private bool _dirty;
    private bool _writing;

    private Dictionary<string, AgentEntry> Entries => state.State.Entries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var sweep = fleet.Value.SweepInterval;
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(sweep, sweep) { Interleave = true });
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(FlushInterval, FlushInterval) { Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
    }

    public Task UpdateAsync(AgentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Entries.TryGetValue(entry.Id, out var held)
            && (held.Version > entry.Version || (held.Version == entry.Version && held.LastHeartbeat >= entry.LastHeartbeat && held.Status == entry.Status)))
        {
            return Task.CompletedTask;
        }

        Entries[entry.Id] = entry with
        {
            Role = Intern(entry.Role),
            Profile = entry.Profile is null ? null : Intern(entry.Profile),
            Pool = entry.Pool is null ? null : Intern(entry.Pool),
            Capabilities = Intern(entry.Capabilities),
        };
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AgentEntry>> QueryAsync(AgentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<AgentEntry> page = [.. Entries.Values.Where(query.Matches).OrderBy(e => e.Id, StringComparer.Ordinal).Take(query.Limit)];
        return Task.FromResult(page);
    }

    public Task<AgentDirectoryStats> StatsAsync()
    {
        int idle = 0, working = 0, offline = 0;
        TimeSpan workingTime = TimeSpan.Zero, idleTime = TimeSpan.Zero;
        var roles = new Dictionary<string, int>(StringComparer.Ordinal);
        var offlineWithTasks = new List<string>();
        var now = time.GetUtcNow();
        foreach (var entry in Entries.Values)
        {
            roles[entry.Role] = roles.GetValueOrDefault(entry.Role) + 1;
            var open = now - entry.StatusSince;
            switch (entry.Status)
            {
                case AgentStatus.Idle:
                    idle++;
                    idleTime += entry.IdleTime + open;
                    workingTime += entry.WorkingTime;
                    break;
                case AgentStatus.Working:
                    working++;
                    workingTime += entry.WorkingTime + open;
                    idleTime += entry.IdleTime;
                    break;
                default:
                    offline++;
                    workingTime += entry.WorkingTime;
                    idleTime += entry.IdleTime;
                    if (entry.HeldTasks > 0)
                    {
                        offlineWithTasks.Add(entry.Id);
                    }

                    break;
            }
        }

        return Task.FromResult(new AgentDirectoryStats(Entries.Count, idle, working, offline, roles, workingTime, idleTime, offlineWithTasks));
    }

    public async Task<int> BroadcastAsync(MessageEnvelope message, string? role)
    {
        ArgumentNullException.ThrowIfNull(message);
        var targets = Entries.Values
            .Where(e => e.Status != AgentStatus.Offline && !e.Ended && (role is null || e.Role == role) && e.Id != message.From)
            .Select(e => e.Id)
            .ToArray();
        var delivered = 0;
        foreach (var chunk in targets.Chunk(BroadcastParallelism))
        {
            var results = await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<IAgentGrain>(id).DeliverAsync(message)));
            delivered += results.Count(r => r.Delivered);
        }

        return delivered;
    }

    private Task SweepAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() - fleet.Value.OfflineAfter;
        foreach (var entry in Entries.Values.Where(e => e.Status != AgentStatus.Offline && e.LastHeartbeat < deadline).ToArray())
        {
            // Marked here so the next sweep does not ask again; the agent's own report (a newer version) follows.
            Entries[entry.Id] = entry with { Status = AgentStatus.Offline };
            _dirty = true;
            LogMissed(logger, entry.Id, entry.LastHeartbeat);
            GrainFactory.GetGrain<IAgentGrain>(entry.Id).MissedHeartbeatsAsync(entry.LastHeartbeat).Ignore();
        }

        return Task.CompletedTask;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty || _writing)
        {
            return;
        }

        _writing = true;
        _dirty = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _dirty = true;
            LogFlushFailed(logger, ex, this.GetPrimaryKeyString());
        }
        finally
        {
            _writing = false;
        }
    }

    private string Intern(string text)
    {
        if (!_strings.TryGetValue(text, out var kept))
        {
            _strings[text] = kept = text;
        }

        return kept;
    }

    private IReadOnlyList<string> Intern(IReadOnlyList<string> list)
    {
        var key = string.Join('\n', list);
        if (!_lists.TryGetValue(key, out var kept))
        {
            _lists[key] = kept = [.. list.Select(Intern)];
        }

        return kept;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} missed its heartbeats (last {LastHeartbeat}); marking it offline")]
    private static partial void LogMissed(ILogger logger, string agentId, DateTimeOffset lastHeartbeat);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory shard {Shard} could not write its entries; retrying on the next flush")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string shard);
}
