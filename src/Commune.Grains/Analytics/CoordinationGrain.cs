using System.Globalization;
using Commune.Analytics;
using Commune.Grains.Monitoring;
using Commune.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Analytics;

/// <summary>
/// One team's recorder and reporter. Observations land in their time step in memory and reach storage in coalesced writes (at most
/// one every <see cref="CoordinationOptions.WriteDelay"/>, and on deactivation), so recording is one cheap turn. While the team is
/// active a timer computes a report every <see cref="CoordinationOptions.ReportInterval"/>, keeps its summary for the page's charts,
/// and raises an edge-triggered alert through the monitoring alert channel when synergy and performance stay low.
/// </summary>
public sealed partial class CoordinationGrain(
    [PersistentState("coordination", StorageNames.Default)] IPersistentState<CoordinationState> state,
    IOptions<CoordinationOptions> options,
    IOptions<MonitorOptions> monitorOptions,
    AlertOutbox outbox,
    TimeProvider time,
    ILogger<CoordinationGrain> logger) : Grain, ICoordinationGrain
{
    private const int AlertsKept = 50;
    private bool _dirty;
    private bool _listed;

    private CoordinationState S => state.State;

    private CoordinationOptions O => options.Value;

    private string Team => this.GetPrimaryKeyString();

    private bool Known => S.Members.Count > 0 || S.Steps.Count > 0;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (O.WriteDelay > TimeSpan.Zero)
        {
            this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(O.WriteDelay, O.WriteDelay));
        }

        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(O.ReportInterval, O.ReportInterval));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await FlushAsync();
        }
    }

    public Task RecordAsync(CoordinationObservation observation) => Observe([observation]);

    public Task RecordManyAsync(IReadOnlyList<CoordinationObservation> observations) => Observe(observations);

    public async Task<int> ObserveAsync(IReadOnlyList<CoordinationObservation> observations)
    {
        var kept = Record(observations);
        await ChangedAsync();
        return kept;
    }

    public async Task<IReadOnlyList<string>> AddMembersAsync(IReadOnlyList<string> agents)
    {
        foreach (var agent in agents.Distinct(StringComparer.Ordinal))
        {
            // Awaited so the agent's next audited action is routed here; member grains never await a team.
            await GrainFactory.GetGrain<ICoordinationMemberGrain>(agent).JoinAsync(Team);
            AddMember(agent);
        }

        await ChangedAsync();
        return S.Members;
    }

    public async Task<IReadOnlyList<string>> RemoveMemberAsync(string agent)
    {
        await GrainFactory.GetGrain<ICoordinationMemberGrain>(agent).LeaveAsync(Team);
        if (S.Members.Remove(agent))
        {
            await ChangedAsync();
        }

        return S.Members;
    }

    public async Task MemberJoinedAsync(string agent)
    {
        if (!AddMember(agent))
        {
            return;
        }

        // A spawn team is the parent and its subagents: the parent's own actions count too.
        if (CoordinationTeams.SpawnParent(Team) is { } parent && AddMember(parent))
        {
            await GrainFactory.GetGrain<ICoordinationMemberGrain>(parent).JoinAsync(Team);
        }

        await ChangedAsync();
    }

    public Task<CoordinationReply> ReportAsync(CoordinationQuery query)
    {
        if (!Known)
        {
            return Task.FromResult(CoordinationReply.Missing);
        }

        var window = query.Steps ?? (query.Duration is { } duration ? (int)Math.Min(Math.Ceiling(duration / O.Step), int.MaxValue) : O.DefaultWindow);
        if (window < 4 || window > O.MaxSteps)
        {
            return Task.FromResult(CoordinationReply.Refused(
                $"window must cover between 4 and {O.MaxSteps} steps of {O.Step.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Coordination:MaxSteps), not {window}."));
        }

        var permutations = query.Permutations ?? O.Permutations;
        if (permutations < 1 || permutations > O.MaxPermutations)
        {
            return Task.FromResult(CoordinationReply.Refused($"permutations must be between 1 and {O.MaxPermutations} (Coordination:MaxPermutations), not {permutations}."));
        }

        try
        {
            var report = Compute(window, permutations, query.Seed ?? O.Seed);
            return Task.FromResult(new CoordinationReply(report, false, null));
        }
        catch (ArgumentException ex)
        {
            // The measures refuse joint tables beyond their cell limit (many distinct actions in a long window): a rule, not a fault.
            return Task.FromResult(CoordinationReply.Refused($"the window's recorded states are too varied to measure: {ex.Message}"));
        }
    }

    private Task Observe(IReadOnlyList<CoordinationObservation> observations)
    {
        Record(observations);
        return ChangedAsync();
    }

    private int Record(IReadOnlyList<CoordinationObservation> observations)
    {
        var kept = 0;
        foreach (var observation in observations)
        {
            AddMember(observation.Agent);
            var number = observation.Step ?? observation.At.ToUnixTimeMilliseconds() / Math.Max(1, (long)O.Step.TotalMilliseconds);
            if (TeamSteps.Add(S.Steps, number, observation, O.MaxSteps))
            {
                kept++;
            }
        }

        if (observations.Count > 0)
        {
            S.LastObservedAt = time.GetUtcNow();
        }

        return kept;
    }

    private bool AddMember(string agent)
    {
        var at = S.Members.BinarySearch(agent, StringComparer.Ordinal);
        if (at >= 0)
        {
            return false;
        }

        S.Members.Insert(~at, agent);
        return true;
    }

    private CoordinationReport Compute(int window, int permutations, int seed)
    {
        var report = CoordinationAnalysis.Build(Team, [.. S.Members], S.Steps, window, permutations, seed, O, time.GetUtcNow());
        return report with
        {
            History = [.. S.History],
            Alerting = S.Alerting,
            Alerts = [.. S.Alerts.AsEnumerable().Reverse()],
        };
    }

    /// <summary>Marks the state for the next coalesced write (or writes now when no delay is configured) and lists the team once.</summary>
    private async Task ChangedAsync()
    {
        if (!_listed && Known)
        {
            _listed = true;
            GrainFactory.GetGrain<ICoordinationTeamListGrain>(ICoordinationTeamListGrain.Key).SeenAsync(Team, S.Members.Count).Ignore();
        }

        _dirty = true;
        if (O.WriteDelay <= TimeSpan.Zero)
        {
            await FlushAsync();
        }
    }

    private async Task FlushAsync()
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _dirty = true;
            LogWriteFailed(logger, ex, Team);
        }
    }

    private async Task TickAsync()
    {
        if (!Known || S.LastObservedAt is not { } seen || time.GetUtcNow() - seen > O.IdleAfter)
        {
            return;
        }

        try
        {
            var report = Compute(Math.Min(O.DefaultWindow, O.MaxSteps), O.Permutations, O.Seed);
            S.History.Add(report.Summary);
            if (S.History.Count > O.HistoryLength)
            {
                S.History.RemoveRange(0, S.History.Count - O.HistoryLength);
            }

            Alert(report.Summary);
            _dirty = true;
            if (O.WriteDelay <= TimeSpan.Zero)
            {
                await FlushAsync();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReportFailed(logger, ex, Team);
        }
    }

    /// <summary>Edge-triggered: fires once when the low run reaches its length, resolves once when it ends.</summary>
    private void Alert(CoordinationPoint summary)
    {
        var low = summary.Synergy is { } synergy && synergy < O.SynergyAlertBelow
            && summary.Performance is { } performance && performance < O.PerformanceAlertBelow;
        S.LowReports = low ? S.LowReports + 1 : 0;
        MonitorAlert? alert = null;
        var check = "coordination:" + Team;
        var value = summary.Synergy ?? 0;
        if (!S.Alerting && S.LowReports >= O.AlertAfterReports)
        {
            S.Alerting = true;
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Team {Team}: mean synergy {value:0.###} bits below {O.SynergyAlertBelow} for {S.LowReports} reports while task success is {summary.Performance:P0} (below {O.PerformanceAlertBelow:P0}): add a specialist agent");
            alert = new MonitorAlert("alert_" + Guid.CreateVersion7(summary.At).ToString("N"), check, AlertStates.Firing,
                MonitorStatus.Warning, MonitorStatus.Ok, value, O.SynergyAlertBelow, message, summary.At);
            LogFiring(logger, Team, value, summary.Performance ?? 0, S.LowReports);
        }
        else if (S.Alerting && !low)
        {
            S.Alerting = false;
            var message = string.Create(CultureInfo.InvariantCulture,
                $"Team {Team}: coordination is ok again (synergy {value:0.###} bits, task success {summary.Performance:P0})");
            alert = new MonitorAlert("alert_" + Guid.CreateVersion7(summary.At).ToString("N"), check, AlertStates.Resolved,
                MonitorStatus.Ok, MonitorStatus.Warning, value, O.SynergyAlertBelow, message, summary.At);
            LogResolved(logger, Team, value);
        }

        if (alert is null)
        {
            return;
        }

        S.Alerts.Add(alert);
        if (S.Alerts.Count > AlertsKept)
        {
            S.Alerts.RemoveRange(0, S.Alerts.Count - AlertsKept);
        }

        if (monitorOptions.Value.AlertWebhook is not null)
        {
            outbox.Queue(alert);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coordination alert for team {Team}: synergy {Synergy} bits with performance {Performance} for {Reports} reports")]
    private static partial void LogFiring(ILogger logger, string team, double synergy, double performance, int reports);

    [LoggerMessage(Level = LogLevel.Information, Message = "Coordination alert resolved for team {Team}: synergy {Synergy} bits")]
    private static partial void LogResolved(ILogger logger, string team, double synergy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write coordination state of team {Team}; retrying on the next flush")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string team);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compute the periodic coordination report of team {Team}")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string team);
}
