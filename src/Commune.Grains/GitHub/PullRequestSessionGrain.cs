using System.Globalization;
using Commune.GitHub;
using Commune.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.GitHub;

/// <summary>
/// The session of one pull request (key <c>owner/repo#n</c>). Each delivery is applied once (recent delivery ids are remembered) and
/// written in one state write; the work it starts leaves one-way afterwards: a review of a new head SHA, a CI triage of a failed check on
/// the head (at most once per SHA and check, remembered before it starts). Agents report back one-way, so the session never waits on
/// them. The log keeps <see cref="GitHubOptions.SessionLogLimit"/> events; older ones fold into counted spans.
/// </summary>
public sealed partial class PullRequestSessionGrain(
    [PersistentState("session", StorageNames.Default)] IPersistentState<PullRequestSessionState> state,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<PullRequestSessionGrain> logger) : Grain, IPullRequestSessionGrain
{
    private const int ShaHistory = 100;
    private const int DeliveryMemory = 1000;
    private const int ReviewHistory = 100;
    private const int CheckHistory = 200;
    private const int TriageHistory = 500;
    private const int SummaryHistory = 50;
    private const int EscalationHistory = 50;
    private const int SpanHistory = 20;
    private const int LogTextLength = 200;

    private readonly HashSet<string> _deliveries = new(StringComparer.Ordinal);
    private PullRequestRef _pr = null!;

    private PullRequestSessionState S => state.State;

    private GitHubOptions O => options.Value;

    private bool Exists => S.FirstEventAt != default;

    private IBudgetGrain Ledger => GrainFactory.GetGrain<IBudgetGrain>(BudgetKey.Session(_pr.BudgetSession));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!PullRequestRef.TryParse(this.GetPrimaryKeyString(), out var pr))
        {
            throw new ArgumentException($"'{this.GetPrimaryKeyString()}' is not a PR session key (owner/repo#number).");
        }

        _pr = pr;
        _deliveries.UnionWith(S.RecentDeliveries);
        return Task.CompletedTask;
    }

    public async Task<bool> ApplyAsync(GitHubEvent gitHubEvent)
    {
        var e = gitHubEvent;
        if (_deliveries.Contains(e.DeliveryId))
        {
            return false;
        }

        Work work;
        try
        {
            work = await ApplyAndWriteAsync(e);
        }
        catch
        {
            // The state was changed in memory but not stored (a budget call or the write failed). Drop the activation so the redelivery
            // applies the event to the stored state, instead of being skipped as applied or counted twice on the half-applied one.
            DeactivateOnIdle();
            throw;
        }

        if (work.Triage is { } triage)
        {
            await GrainFactory.GetGrain<ICiTriageGrain>(0).RunAsync(
                new TriageRequest(_pr, triage, S.Title, S.HeadRef, S.BaseRef, $"triage:{_pr.Key}@{triage.HeadSha}:{triage.Key}"));
            LogTriageStarted(logger, _pr.Key, triage.Key, triage.HeadSha);
        }

        if (work.ReviewRequest is { } request)
        {
            await StartReviewAsync(request);
        }

        return true;
    }

    public async Task TriageCompletedAsync(TriageOutcome outcome)
    {
        var now = time.GetUtcNow();
        var status = outcome.BudgetExceeded ? "budget_exceeded" : outcome.Text is null ? "failed" : "completed";
        var at = S.Triages.FindLastIndex(t => t.HeadSha == outcome.HeadSha && t.Check == outcome.Check);
        var record = new TriageRecord(outcome.HeadSha, outcome.Check, status, at >= 0 ? S.Triages[at].StartedAt : now, now, outcome.Error);
        if (at >= 0)
        {
            S.Triages[at] = record;
        }
        else
        {
            Bounded(S.Triages, record, TriageHistory);
        }

        if (outcome.Text is { } text)
        {
            Bounded(S.AgentSummaries, new AgentSummary(
                "ci-triage", outcome.HeadSha, outcome.Check, text, outcome.Model, outcome.Simulated, outcome.Tokens, outcome.Posted, now, outcome.Error), SummaryHistory);
        }

        Note("triage", $"ci-triage of {outcome.Check} on {Short(outcome.HeadSha)}: {status}{(outcome.Posted is { } p ? $" (posted {p.Kind})" : "")}", now);
        if (outcome.BudgetExceeded)
        {
            await EscalateAsync("ci-triage", $"ci-triage of {outcome.Check} refused by the PR's budget", outcome.HeadSha, outcome.EscalationId, now);
        }
        else
        {
            // The answer itself may have used up what was left: stop here rather than at the next refusal.
            await BudgetAllowsAsync("ci-triage", outcome.HeadSha, now);
        }

        await state.WriteStateAsync();
    }

    public async Task ReviewCompletedAsync(ReviewSummary summary)
    {
        var now = time.GetUtcNow();
        var text = summary.Verdict is { } verdict && !summary.Summary.StartsWith(verdict, StringComparison.Ordinal)
            ? $"{verdict}: {summary.Summary}"
            : summary.Summary;
        Bounded(S.AgentSummaries, new AgentSummary(
            "review", summary.HeadSha, null, text, null, false, summary.TokensUsed, null, summary.CompletedAt, summary.Error), SummaryHistory);
        Note("review", $"review of {Short(summary.HeadSha)}: {summary.Verdict ?? "no verdict"}, {summary.FindingCount} finding(s)", now);
        if (summary.BudgetExceeded)
        {
            await EscalateAsync("review", $"review of {Short(summary.HeadSha)} stopped by the PR's budget: {summary.Error ?? summary.Summary}", summary.HeadSha, null, now);
        }

        await state.WriteStateAsync();
    }

    public async Task<PullRequestSessionView?> GetAsync()
    {
        if (!Exists)
        {
            return null;
        }

        var budget = await Ledger.GetAsync();
        return new PullRequestSessionView(
            _pr.Key, _pr.Owner, _pr.Repo, _pr.Number, S.Title, S.Author, S.State, S.Archived ? "archived" : "active",
            S.HeadSha, S.HeadRef, S.BaseRef, [.. S.HeadShas], S.CommitsSeen, [.. S.RecentCommits], S.Comments, S.ReviewComments,
            [.. S.Reviews], [.. S.Checks], [.. S.Triages], [.. S.ReviewDispatches], [.. S.AgentSummaries], [.. S.Escalations],
            budget.TokensSpent, budget.TokenLimit, budget.Ledger, S.EventsApplied, new Dictionary<string, long>(S.EventCounts), S.Folded,
            [.. S.FoldedSpans.Select(Describe)], [.. S.Log], S.FirstEventAt, S.LastEventAt);
    }

    /// <summary>Applies the event to the state and stores it; returns the work it decided to start.</summary>
    private async Task<Work> ApplyAndWriteAsync(GitHubEvent e)
    {
        var now = time.GetUtcNow();
        if (!Exists)
        {
            S.FirstEventAt = now;
        }

        var target = e.Targets.FirstOrDefault(t => t.Number == _pr.Number);
        var work = new Work();
        var text = e.Event switch
        {
            "pull_request" => PullRequest(e, work),
            "issue_comment" => Comment(e, review: false),
            "pull_request_review_comment" => Comment(e, review: true),
            "pull_request_review" => Review(e, now),
            "check_run" or "check_suite" or "workflow_run" => Check(e, target, now, work),
            _ => e.Name,
        };

        if (work.Triage is { } check)
        {
            // Decided and remembered in this turn, before it starts: at most once per SHA and check, even across restarts.
            work.Triage = await BudgetAllowsAsync("ci-triage", check.HeadSha, now) ? check : null;
            if (work.Triage is not null)
            {
                Bounded(S.Triages, new TriageRecord(check.HeadSha, check.Key, "running", now, null, null), TriageHistory);
            }
        }

        if (work.ReviewSha is { } reviewSha)
        {
            work.ReviewRequest = await ReviewDispatchAsync(reviewSha, e.DeliveryId, now);
        }

        Append(e, text, now);
        S.LastEventAt = now;
        Remember(e.DeliveryId);
        await state.WriteStateAsync();
        return work;
    }

    private string PullRequest(GitHubEvent e, Work work)
    {
        if (e.PullRequest is not { } pr)
        {
            return e.Name;
        }

        S.Title = pr.Title;
        S.Body = pr.Body;
        S.Author = pr.Author ?? S.Author;
        S.HeadRef = pr.HeadRef;
        S.BaseRef = pr.BaseRef;
        var newHead = SetHead(pr.HeadSha);
        var text = $"{e.Action}: {pr.Title}";
        switch (e.Action)
        {
            case "opened":
                S.State = "open";
                Seen(pr.HeadSha);
                break;
            case "synchronize":
                Seen(e.Before);
                Seen(e.After ?? pr.HeadSha);
                text = $"synchronize {Short(e.Before)} → {Short(e.After ?? pr.HeadSha)}";
                break;
            case "reopened":
                S.State = "open";
                S.Archived = false;
                break;
            case "closed":
                S.State = pr.Merged ? "merged" : "closed";
                S.Archived = true;
                text = pr.Merged ? "merged: session archived" : "closed: session archived";
                break;
        }

        if (e.Action is "opened" or "synchronize" or "reopened" && !S.Archived && (newHead || e.Action != "synchronize"))
        {
            work.ReviewSha = S.HeadSha;
        }

        return text;
    }

    private string Comment(GitHubEvent e, bool review)
    {
        if (e.Action == "created")
        {
            if (review)
            {
                S.ReviewComments++;
            }
            else
            {
                S.Comments++;
            }
        }

        var c = e.Comment;
        var where = c?.Path is { } path ? $" on {path}{(c.Line is { } line ? ":" + line.ToString(CultureInfo.InvariantCulture) : "")}" : "";
        return $"{(review ? "review comment" : "comment")} {e.Action} by {c?.Author ?? e.Sender}{where}: {Cut(c?.Body)}";
    }

    private string Review(GitHubEvent e, DateTimeOffset now)
    {
        if (e.Review is not { } r)
        {
            return e.Name;
        }

        var at = S.Reviews.FindIndex(x => x.Id == r.Id);
        var review = new HumanReview(r.Id, r.Author, r.State, r.CommitSha, now);
        if (at >= 0)
        {
            S.Reviews[at] = review;
        }
        else
        {
            Bounded(S.Reviews, review, ReviewHistory);
        }

        return $"review {e.Action} by {r.Author}: {r.State}{(string.IsNullOrWhiteSpace(r.Body) ? "" : " — " + Cut(r.Body))}";
    }

    private string Check(GitHubEvent e, PullTarget? target, DateTimeOffset now, Work work)
    {
        if (e.Check is not { } check || e.Action != "completed")
        {
            return e.Name;
        }

        if (S.HeadSha is null)
        {
            // The first thing this session hears is a check: the payload's PR entry names the head.
            SetHead(target?.HeadSha ?? check.HeadSha);
        }

        var result = new CheckResult(check.Kind, check.Name, check.HeadSha, check.Conclusion, now, check.DetailsUrl);
        var at = S.Checks.FindIndex(c => c.Kind == check.Kind && c.Name == check.Name && c.HeadSha == check.HeadSha);
        if (at >= 0)
        {
            S.Checks[at] = result;
        }
        else
        {
            Bounded(S.Checks, result, CheckHistory);
        }

        var failed = check.Conclusion is { } conclusion && O.Triage.FailingConclusions.Contains(conclusion, StringComparer.OrdinalIgnoreCase);
        var onHead = string.Equals(check.HeadSha, S.HeadSha, StringComparison.OrdinalIgnoreCase);
        var triaged = S.Triages.Exists(t => t.HeadSha == check.HeadSha && t.Check == check.Key);
        if (failed && onHead && !triaged && !S.Archived && O.Triage.Enabled)
        {
            work.Triage = check;
        }

        var note = failed && !onHead ? " (not the head: no triage)" : "";
        return $"{check.Kind} {check.Name} on {Short(check.HeadSha)}: {check.Conclusion ?? "no conclusion"}{note}";
    }

    /// <summary>Whether the ledger has room for agent work; sets its limit first. When it has none, records the escalation once.</summary>
    private async Task<bool> BudgetAllowsAsync(string source, string headSha, DateTimeOffset now)
    {
        var snapshot = await Ledger.GetAsync();
        if (S.LimitSet != O.PullRequestTokenBudget)
        {
            snapshot = await Ledger.SetLimitsAsync(O.PullRequestTokenBudget, snapshot.CostLimitUsd);
            S.LimitSet = O.PullRequestTokenBudget;
        }

        var exhausted = snapshot.Exceeded || (snapshot.TokenLimit is { } limit && snapshot.TokensSpent >= limit);
        if (!exhausted)
        {
            S.BudgetEscalated = false; // a person raised the limit: agents resume
            return true;
        }

        await EscalateAsync(source, $"the PR's token budget is used up ({snapshot.TokensSpent} of {snapshot.TokenLimit} tokens)", headSha, snapshot.EscalationId, now, snapshot);
        return false;
    }

    private async Task EscalateAsync(string source, string reason, string? headSha, string? escalationId, DateTimeOffset now, BudgetSnapshot? snapshot = null)
    {
        if (S.BudgetEscalated)
        {
            return; // one open escalation per exhaustion
        }

        snapshot ??= await Ledger.GetAsync();
        S.BudgetEscalated = true;
        var escalation = new SessionEscalation(
            source, "needs human review: " + reason, snapshot.TokensSpent, snapshot.TokenLimit, escalationId ?? snapshot.EscalationId, headSha, now);
        Bounded(S.Escalations, escalation, EscalationHistory);
        Note("escalation", $"escalated ({source}): {escalation.Reason}; spent {escalation.TokensSpent} of {escalation.TokenLimit} tokens", now);
        LogEscalated(logger, _pr.Key, source, snapshot.TokensSpent, snapshot.TokenLimit);
    }

    private async Task<ReviewRequest?> ReviewDispatchAsync(string headSha, string deliveryId, DateTimeOffset now)
    {
        string status;
        if (!O.Review.Enabled)
        {
            status = "disabled";
        }
        else if (S.ReviewDispatches.Exists(d => d.HeadSha == headSha && d.Status == "dispatched"))
        {
            return null; // reopened at a SHA already reviewed: the review grain is idempotent, and so is this
        }
        else
        {
            status = await BudgetAllowsAsync("review", headSha, now) ? "dispatched" : "skipped";
        }

        Bounded(S.ReviewDispatches, new ReviewDispatch(headSha, status, now, null), ShaHistory);
        return status == "dispatched" ? new ReviewRequest(_pr, headSha, S.Title ?? "", S.Body, S.Author, S.BaseRef, S.HeadRef, deliveryId) : null;
    }

    /// <summary>
    /// One-way to the review grain. Until the review implementation is in the silo, resolving the grain throws: the dispatch is then
    /// marked failed (and logged) rather than failing the delivery.
    /// </summary>
    private async Task StartReviewAsync(ReviewRequest request)
    {
        try
        {
            GrainFactory.GetGrain<IPullRequestReviewGrain>(_pr.ReviewKey(request.HeadSha)).StartAsync(request).Ignore();
        }
        catch (Exception ex)
        {
            LogReviewDispatchFailed(logger, ex, _pr.Key, request.HeadSha);
            var at = S.ReviewDispatches.FindLastIndex(d => d.HeadSha == request.HeadSha);
            if (at >= 0)
            {
                S.ReviewDispatches[at] = S.ReviewDispatches[at] with { Status = "failed", Error = ex.Message };
                await state.WriteStateAsync();
            }
        }
    }

    private bool SetHead(string sha)
    {
        var head = sha.ToLowerInvariant();
        if (S.HeadSha == head)
        {
            return false;
        }

        S.HeadSha = head;
        S.HeadShas.Remove(head);
        Bounded(S.HeadShas, head, ShaHistory);
        return true;
    }

    private void Seen(string? sha)
    {
        if (sha is null || sha.All(c => c == '0'))
        {
            return; // GitHub's all-zero "before" of a new branch
        }

        var commit = sha.ToLowerInvariant();
        if (!S.RecentCommits.Contains(commit))
        {
            S.CommitsSeen++;
            Bounded(S.RecentCommits, commit, ShaHistory);
        }
    }

    private void Append(GitHubEvent e, string text, DateTimeOffset now)
    {
        S.EventCounts[e.Name] = S.EventCounts.GetValueOrDefault(e.Name) + 1;
        S.Log.Add(new SessionLogEntry(++S.EventsApplied, now, e.Name, e.Sender, text, e.DeliveryId));
        Compact();
    }

    /// <summary>A line for what the session itself did (not a delivery): logged, not counted as an event applied.</summary>
    private void Note(string kind, string text, DateTimeOffset now)
    {
        S.Log.Add(new SessionLogEntry(S.EventsApplied, now, "session." + kind, null, text, null));
        Compact();
    }

    /// <summary>Folds the oldest log entries into spans of up to <see cref="GitHubOptions.SessionLogLimit"/> events each.</summary>
    private void Compact()
    {
        var limit = Math.Max(1, O.SessionLogLimit);
        var excess = S.Log.Count - limit;
        if (excess <= 0)
        {
            return;
        }

        foreach (var entry in S.Log.Take(excess))
        {
            var span = S.FoldedSpans.Count > 0 ? S.FoldedSpans[^1] : null;
            if (span is null || span.Counts.Values.Sum() >= limit)
            {
                span = new FoldedSpan { FirstSequence = entry.Sequence, From = entry.At };
                S.FoldedSpans.Add(span);
                if (S.FoldedSpans.Count > SpanHistory)
                {
                    S.FoldedSpans.RemoveAt(0);
                }
            }

            span.LastSequence = entry.Sequence;
            span.To = entry.At;
            span.Counts[entry.Event] = span.Counts.GetValueOrDefault(entry.Event) + 1;
            S.Folded++;
        }

        S.Log.RemoveRange(0, excess);
    }

    private void Remember(string deliveryId)
    {
        _deliveries.Add(deliveryId);
        S.RecentDeliveries.Add(deliveryId);
        if (S.RecentDeliveries.Count > DeliveryMemory)
        {
            _deliveries.Remove(S.RecentDeliveries[0]);
            S.RecentDeliveries.RemoveAt(0);
        }
    }

    private static string Describe(FoldedSpan span)
    {
        var counts = string.Join(", ", span.Counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Value.ToString(CultureInfo.InvariantCulture)} {c.Key}"));
        return string.Create(CultureInfo.InvariantCulture, $"events {span.FirstSequence}–{span.LastSequence} ({span.From:u} → {span.To:u}): {counts}");
    }

    private static void Bounded<T>(List<T> list, T item, int capacity)
    {
        list.Add(item);
        if (list.Count > capacity)
        {
            list.RemoveRange(0, list.Count - capacity);
        }
    }

    private static string Short(string? sha) => sha is null ? "?" : sha.Length > 7 ? sha[..7] : sha;

    private static string Cut(string? text)
    {
        var line = (text ?? "").ReplaceLineEndings(" ").Trim();
        return line.Length > LogTextLength ? line[..LogTextLength] + "…" : line;
    }

    /// <summary>What applying a delivery decided to start once its state is written.</summary>
    private sealed class Work
    {
        public GitHubCheck? Triage { get; set; }

        public string? ReviewSha { get; set; }

        public ReviewRequest? ReviewRequest { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {PullRequest}: ci-triage of {Check} on {HeadSha} started")]
    private static partial void LogTriageStarted(ILogger logger, string pullRequest, string check, string headSha);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {PullRequest}: {Source} stopped, budget used up ({Spent} of {Limit} tokens); needs human review")]
    private static partial void LogEscalated(ILogger logger, string pullRequest, string source, long spent, long? limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {PullRequest}: the review of {HeadSha} could not be dispatched")]
    private static partial void LogReviewDispatchFailed(ILogger logger, Exception exception, string pullRequest, string headSha);
}
