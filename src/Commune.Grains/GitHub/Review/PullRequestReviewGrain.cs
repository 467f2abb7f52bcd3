using System.Text.RegularExpressions;
using Commune.Analytics;
using Commune.GitHub;
using Commune.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.GitHub.Review;

/// <summary>
/// The multi-model review of one head SHA (key <c>owner/repo#n@sha</c>). <see cref="StartAsync"/> records the review as running and
/// returns; the work then runs on the activation without holding a turn, so reads and feedback are answered while models think:
/// the diff, every reviewer role in parallel through <see cref="IModelCallGrain"/> (charged to the PR's budget ledger), the merge, the
/// validator, one post through <see cref="IGitHubOutput"/>, and a one-way report to the PR's session. All awaited calls go one way
/// (to model, calibration and budget grains, which never call back).
/// <para>A review is started at most once per SHA: a running or completed one ignores further starts; a failed one (budget, a post that
/// GitHub refused, an exception) is started again by the next start. A silo that dies mid-review leaves the state saying running with no
/// work behind it; the next start on the new activation sees that nothing is running here and starts it again.</para>
/// </summary>
public sealed partial class PullRequestReviewGrain(
    [PersistentState("review", StorageNames.Default)] IPersistentState<PullRequestReviewState> state,
    IGitHubOutput github,
    IOptionsMonitor<ReviewOptions> options,
    TimeProvider time,
    ILogger<PullRequestReviewGrain> logger) : Grain, IPullRequestReviewGrain
{
    private const string Interrupted = "interrupted: the review's activation was deactivated mid-review; the next start runs it again";

    // Cancelled when the activation goes away, so a review cut short ends as failed (retryable) instead of posting from a dead activation.
    private readonly CancellationTokenSource _stopping = new();
    private Task? _run;
    private Task _lastWrite = Task.CompletedTask;

    private PullRequestReviewState S => state.State;

    private string Key => this.GetPrimaryKeyString();

    public async Task StartAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ShaPattern().IsMatch(request.HeadSha) || request.PullRequest.ReviewKey(request.HeadSha) != Key)
        {
            LogWrongRequest(logger, Key, request.PullRequest.ReviewKey(request.HeadSha));
            return;
        }

        if (_run is { IsCompleted: false } || S.Status == ReviewStatus.Completed)
        {
            return; // idempotent per SHA
        }

        if (S.Status == ReviewStatus.Running)
        {
            LogRestarting(logger, Key, S.StartedAt);
        }

        var reviewers = options.CurrentValue.Roles().Count;
        S.Request = request;
        S.Status = ReviewStatus.Running;
        S.Verdict = null;
        S.Summary = null;
        S.Findings = [];
        S.Reviewers = [];
        S.TokensUsed = 0;
        S.StartedAt = time.GetUtcNow();
        S.CompletedAt = null;
        S.Error = null;
        S.Posted = null;
        S.BudgetExceeded = false;
        S.DiffIncluded = false;
        S.Attempts++;
        await SaveAsync();

        // Model chains can take minutes; idle collection must not take the activation from under the work.
        DelayDeactivation(TimeSpan.FromMinutes(30));
        LogStarted(logger, Key, reviewers, S.Attempts);
        _run = RunAsync(request);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_run is { IsCompleted: false } run)
        {
            try
            {
                await run.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Out of time: the state still says running, and the next start sees nothing running here and starts again.
            }
        }
    }

    public Task<ReviewView?> GetAsync() => Task.FromResult(S.Status is null ? null : View());

    public async Task<ReviewFeedbackResult> FeedbackAsync(ReviewFeedback feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (S.Status is null)
        {
            return ReviewFeedbackResult.Refused(ReviewErrorCode.ReviewNotFound, $"There is no review of {Key}.");
        }

        if (!FeedbackVerdicts.IsValid(feedback.Verdict))
        {
            return ReviewFeedbackResult.Refused(
                ReviewErrorCode.InvalidVerdict, $"verdict must be '{FeedbackVerdicts.Useful}' or '{FeedbackVerdicts.Noise}', not '{feedback.Verdict}'.");
        }

        var index = S.Findings.FindIndex(f => f.Id == feedback.FindingId);
        if (index < 0)
        {
            return S.Status == ReviewStatus.Running
                ? ReviewFeedbackResult.Refused(ReviewErrorCode.NotFinished, $"The review of {Key} is still running; its findings are not final.")
                : ReviewFeedbackResult.Refused(ReviewErrorCode.FindingNotFound, $"The review of {Key} has no finding '{feedback.FindingId}'.");
        }

        // Calibration first: a mark is keyed by finding, so if the write below fails, sending the mark again repairs both.
        var finding = S.Findings[index];
        var mark = new CalibrationMark(Key + "/" + finding.Id, finding.Focus, feedback.Verdict);
        await Task.WhenAll(finding.Reviewers.Select(r => GrainFactory.GetGrain<IReviewCalibrationGrain>(r).MarkAsync(mark)));

        finding = finding with { Feedback = feedback.Verdict, FeedbackBy = feedback.By };
        S.Findings[index] = finding;
        await SaveAsync();
        LogFeedback(logger, Key, finding.Id, feedback.Verdict, string.Join(",", finding.Reviewers));
        return new ReviewFeedbackResult(finding, null, null);
    }

    private async Task RunAsync(ReviewRequest request)
    {
        var pr = request.PullRequest;
        var settings = options.CurrentValue;
        try
        {
            var (diff, diffCut) = await DiffAsync(request, settings.MaxDiffChars);
            S.DiffIncluded = diff is not null;
            var roles = settings.Roles();
            var calibration = await CalibrationAsync(roles.Select(r => r.Profile));

            var prompts = roles.Select(r => (r.Role, r.Profile, Messages: ReviewPrompts.Reviewer(r.Role, request, diff, diffCut)));
            var outcomes = await Task.WhenAll(prompts.Select(p => CallAsync(p.Role, p.Profile, p.Messages, pr, settings.MaxTokens)));
            S.Reviewers = [.. outcomes.Select(o => o.Run)];
            S.TokensUsed = outcomes.Sum(o => o.Run.Tokens);
            _stopping.Token.ThrowIfCancellationRequested();
            if (outcomes.FirstOrDefault(o => o.BudgetExceeded) is { } over)
            {
                await FailAsync(pr, over.Run.Error!, budgetExceeded: true);
                return;
            }

            var candidates = new List<CandidateFinding>();
            for (var i = 0; i < outcomes.Length; i++)
            {
                if (outcomes[i].Answer is { } text)
                {
                    var (found, error) = ReviewAnswerParser.Findings(text, roles[i].Profile, roles[i].Role, settings.MaxFindingsPerReviewer);
                    if (error is not null && S.Reviewers[i].Simulated)
                    {
                        // The embedded default without API keys: say why there is nothing to review rather than blame the answer.
                        error = $"The answer is simulated ({S.Reviewers[i].Model} has no API key configured), so it holds no findings.";
                    }

                    S.Reviewers[i] = S.Reviewers[i] with { Findings = found.Count, Error = error };
                    candidates.AddRange(found);
                }
            }

            var findings = ReviewMerger.Merge(candidates, (profile, focus) => calibration.TryGetValue(profile, out var c) && c.Demotes(focus));
            if (findings.Count > 0)
            {
                var check = await CallAsync(
                    ReviewRoles.Validator, settings.Validator, ReviewPrompts.Validator(findings, request, diff, diffCut), pr, settings.MaxTokens);
                S.TokensUsed += check.Run.Tokens;
                _stopping.Token.ThrowIfCancellationRequested();
                if (check.BudgetExceeded)
                {
                    S.Reviewers.Add(check.Run);
                    await FailAsync(pr, check.Run.Error!, budgetExceeded: true);
                    return;
                }

                var run = check.Run;
                if (check.Answer is { } text)
                {
                    var (verdicts, error) = ReviewAnswerParser.Verdicts(text);
                    findings = ReviewMerger.Validate(findings, verdicts);
                    run = run with { Findings = verdicts.Count(v => findings.Any(f => f.Id.Equals(v.Key, StringComparison.OrdinalIgnoreCase))), Error = error };
                }

                S.Reviewers.Add(run);
            }

            S.Findings = [.. findings];
            S.Verdict = ReviewMerger.Verdict(findings);
            S.Summary = ReviewReport.Summary(S.Verdict, findings, S.Reviewers, S.DiffIncluded);
            if (S.Reviewers.Where(r => r.Role != ReviewRoles.Validator).All(r => r.Error is not null))
            {
                // Nobody reviewed anything: an APPROVE would be a lie.
                await FailAsync(pr, "No reviewer produced a usable answer: " + string.Join("; ", S.Reviewers.Select(r => $"{r.Role}: {r.Error}")), false);
                return;
            }

            var review = new GitHubReview(
                request.HeadSha,
                S.Verdict,
                ReviewReport.Body(S.Summary, findings, S.Reviewers),
                [.. findings.Where(f => f.Confirmed != false && !f.Demoted && f.Path is not null && f.Line is not null && DiffLines.Commentable(diff, f.Path, f.Line.Value))
                    .Select(f => new GitHubReviewComment(f.Path!, f.Line!.Value, ReviewReport.Comment(f)))]);
            _stopping.Token.ThrowIfCancellationRequested();
            S.Posted = await github.ReviewAsync(pr, review, _stopping.Token);
            S.Status = ReviewStatus.Completed;
            S.CompletedAt = time.GetUtcNow();
            await SaveAsync();
            LogCompleted(logger, Key, S.Verdict, findings.Count, S.TokensUsed);
            await ReportAsync(pr);
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            await FailAsync(pr, Interrupted, false);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, Key);
            await FailAsync(pr, $"{ex.GetType().Name}: {ex.Message}", false);
        }
    }

    private async Task<(string? Diff, bool Cut)> DiffAsync(ReviewRequest request, int maxChars)
    {
        try
        {
            var diff = await github.GetDiffAsync(request.PullRequest, request.HeadSha, maxChars, _stopping.Token);
            if (string.IsNullOrWhiteSpace(diff))
            {
                return (null, false);
            }

            // The output cuts at maxChars; a diff that reaches it was most likely cut there.
            return diff.Length >= maxChars ? (diff[..maxChars], true) : (diff, false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            LogNoDiff(logger, ex, Key);
            return (null, false);
        }
    }

    private async Task<Dictionary<string, ReviewCalibration>> CalibrationAsync(IEnumerable<string> profiles)
    {
        var result = new Dictionary<string, ReviewCalibration>(StringComparer.Ordinal);
        foreach (var profile in profiles.Distinct(StringComparer.Ordinal))
        {
            try
            {
                result[profile] = await GrainFactory.GetGrain<IReviewCalibrationGrain>(profile).GetAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Without its calibration a reviewer is simply not demoted this time.
                LogNoCalibration(logger, ex, Key, profile);
            }
        }

        return result;
    }

    private async Task<CallOutcome> CallAsync(string role, string profile, IReadOnlyList<ChatTurn> messages, PullRequestRef pr, int maxTokens)
    {
        var call = new ModelCall(profile, messages, maxTokens, 0.1, new BudgetScopes(SessionId: pr.BudgetSession), $"review:{Key}:{role}");
        try
        {
            var result = await GrainFactory.GetGrain<IModelCallGrain>(0).CompleteAsync(call, _stopping.Token);
            if (result.Answer is { } answer)
            {
                var run = new ReviewerRun(role, profile, answer.Provider + "/" + answer.Model, answer.Simulated, 0, answer.Usage.TotalTokens, null);
                return new CallOutcome(run, answer.Text, false);
            }

            var error = result.Error!;
            return new CallOutcome(
                new ReviewerRun(role, profile, null, false, 0, 0, $"{error.Code}: {error.Message}"), null, error.Code == ModelCallErrorCode.BudgetExceeded);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !_stopping.IsCancellationRequested)
        {
            LogCallFailed(logger, ex, Key, role, profile);
            return new CallOutcome(new ReviewerRun(role, profile, null, false, 0, 0, $"{ex.GetType().Name}: {ex.Message}"), null, false);
        }
    }

    private async Task FailAsync(PullRequestRef pr, string error, bool budgetExceeded)
    {
        S.Status = ReviewStatus.Failed;
        S.Error = error;
        S.BudgetExceeded = budgetExceeded;
        S.Verdict = null;
        S.CompletedAt = time.GetUtcNow();
        S.Summary = budgetExceeded
            ? "The review stopped: the pull request's token budget is spent; nothing was posted. Needs human review."
            : "The review failed; nothing was posted: " + error;
        try
        {
            await SaveAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(logger, ex, Key);
        }

        LogStopped(logger, Key, error, budgetExceeded);
        await ReportAsync(pr);
    }

    /// <summary>Tells the PR's session how the review ended (one-way: this grain never waits on the session).</summary>
    private async Task ReportAsync(PullRequestRef pr)
    {
        var summary = new ReviewSummary(
            S.Request!.HeadSha, S.Verdict, S.Summary ?? "", S.Findings.Count, S.TokensUsed, S.CompletedAt ?? time.GetUtcNow(), S.Error, S.BudgetExceeded);
        RecordTeam(pr, summary.CompletedAt);
        try
        {
            await GrainFactory.GetGrain<IPullRequestSessionGrain>(pr.Key).ReviewCompletedAsync(summary);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReportFailed(logger, ex, Key);
        }
    }

    /// <summary>
    /// The reviewers of a PR are a coordination team (<c>review:owner/repo#n</c>): each run of this review is one observation, so the
    /// live report measures how the roles' outcomes move together across the PR's commits. One-way: analytics never slow a review.
    /// </summary>
    private void RecordTeam(PullRequestRef pr, DateTimeOffset at)
    {
        var team = GrainFactory.GetGrain<ICoordinationGrain>(CoordinationTeams.Review(pr.Key));
        var runs = S.Reviewers.Select(run => new CoordinationObservation(
            run.Role,
            run.Role == ReviewRoles.Validator ? "validate" : "review",
            run.Role,
            run.Error is null ? CoordinationOutcomes.Success : CoordinationOutcomes.Failure,
            at,
            TaskType: "review")).ToList();
        if (runs.Count > 0)
        {
            team.RecordManyAsync(runs).Ignore();
        }
    }

    private ReviewView View() => new(
        S.Request!.PullRequest.Key,
        S.Request.HeadSha,
        S.Status!,
        S.Verdict,
        S.Summary,
        [.. S.Findings],
        [.. S.Reviewers],
        S.TokensUsed,
        S.StartedAt,
        S.CompletedAt,
        S.Error,
        S.Posted,
        S.BudgetExceeded,
        S.DiffIncluded);

    /// <summary>One write in flight at a time: feedback can arrive while the review's own last write is still going.</summary>
    private Task SaveAsync()
    {
        _lastWrite = WriteAfterAsync(_lastWrite);
        return _lastWrite;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // The earlier writer saw its own failure; this write carries the newer state anyway.
        }

        await state.WriteStateAsync();
    }

    [GeneratedRegex(@"^[0-9a-f]{7,64}\z")]
    private static partial Regex ShaPattern();

    private sealed record CallOutcome(ReviewerRun Run, string? Answer, bool BudgetExceeded);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewKey} ignored a start for {RequestKey}")]
    private static partial void LogWrongRequest(ILogger logger, string reviewKey, string requestKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewKey} was running since {StartedAt} with no work behind it (interrupted); starting again")]
    private static partial void LogRestarting(ILogger logger, string reviewKey, DateTimeOffset startedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewKey} started with {Reviewers} reviewers (attempt {Attempt})")]
    private static partial void LogStarted(ILogger logger, string reviewKey, int reviewers, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewKey} posted {Verdict} with {Findings} findings, {Tokens} tokens")]
    private static partial void LogCompleted(ILogger logger, string reviewKey, string verdict, int findings, long tokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewKey} stopped: {Error} (budget exceeded: {BudgetExceeded})")]
    private static partial void LogStopped(ILogger logger, string reviewKey, string error, bool budgetExceeded);

    [LoggerMessage(Level = LogLevel.Error, Message = "Review {ReviewKey} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reviewKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewKey} could not fetch the diff; reviewing on the description")]
    private static partial void LogNoDiff(ILogger logger, Exception exception, string reviewKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewKey} could not read the calibration of {Profile}")]
    private static partial void LogNoCalibration(ILogger logger, Exception exception, string reviewKey, string profile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewKey}: the {Role} call through {Profile} failed")]
    private static partial void LogCallFailed(ILogger logger, Exception exception, string reviewKey, string role, string profile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewKey} could not report to its session")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string reviewKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewKey}: finding {FindingId} marked {Verdict}, credited to {Reviewers}")]
    private static partial void LogFeedback(ILogger logger, string reviewKey, string findingId, string verdict, string reviewers);
}
