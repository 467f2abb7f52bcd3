using Commune.GitHub;
using Commune.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Commune.Grains.GitHub;

/// <summary>
/// Runs a CI triage off the session's turn: the ci-triage profile through <see cref="IModelCallGrain"/> (the same chain, breakers and
/// budget reservations as chat), charged to the PR's ledger; an answer is posted as a PR comment; the outcome goes back to the session
/// one-way.
/// </summary>
[StatelessWorker, Reentrant]
public sealed partial class CiTriageGrain(
    IGitHubOutput output,
    IOptions<GitHubOptions> options,
    TimeProvider time,
    ILogger<CiTriageGrain> logger) : Grain, ICiTriageGrain
{
    public async Task RunAsync(TriageRequest request)
    {
        TriageOutcome outcome;
        try
        {
            outcome = await TriageAsync(request);
        }
        catch (Exception ex)
        {
            LogCrashed(logger, ex, request.PullRequest.Key, request.Check.Key);
            outcome = Outcome(request) with { ErrorCode = "triage_failed", Error = ex.Message };
        }

        await GrainFactory.GetGrain<IPullRequestSessionGrain>(request.PullRequest.Key).TriageCompletedAsync(outcome);
    }

    private async Task<TriageOutcome> TriageAsync(TriageRequest request)
    {
        var triage = options.Value.Triage;
        var pr = request.PullRequest;
        var call = new ModelCall(
            triage.Profile,
            TriagePrompt.For(request, triage.MaxOutputChars),
            MaxTokens: triage.MaxTokens,
            Scopes: new BudgetScopes(SessionId: pr.BudgetSession),
            RequestId: request.TraceId ?? $"triage:{pr.Key}@{request.Check.HeadSha}:{request.Check.Key}");
        var result = await GrainFactory.GetGrain<IModelCallGrain>(0).CompleteAsync(call);
        if (result.Answer is not { } answer)
        {
            var error = result.Error!;
            LogNoAnswer(logger, pr.Key, request.Check.Key, error.Code);
            return Outcome(request) with
            {
                ErrorCode = error.Code,
                Error = error.Message,
                BudgetExceeded = error.Code == ModelCallErrorCode.BudgetExceeded,
                EscalationId = error.EscalationId,
            };
        }

        var done = Outcome(request) with
        {
            Text = answer.Text,
            Model = answer.Provider + "/" + answer.Model,
            Simulated = answer.Simulated,
            Tokens = answer.Usage.TotalTokens,
        };
        try
        {
            var posted = await output.CommentAsync(pr, TriagePrompt.Comment(request, answer), CancellationToken.None);
            return done with { Posted = posted };
        }
        catch (Exception ex) when (ex is GitHubApiException or HttpRequestException or TaskCanceledException)
        {
            LogPostFailed(logger, ex, pr.Key, request.Check.Key);
            return done with { ErrorCode = "post_failed", Error = ex.Message };
        }
    }

    private TriageOutcome Outcome(TriageRequest request) =>
        new(request.Check.HeadSha, request.Check.Key, null, null, false, 0, null, null, null, false, null, time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Triage of {Check} on {PullRequest} got no answer: {Code}")]
    private static partial void LogNoAnswer(ILogger logger, string pullRequest, string check, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Triage of {Check} on {PullRequest} could not post its comment")]
    private static partial void LogPostFailed(ILogger logger, Exception exception, string pullRequest, string check);

    [LoggerMessage(Level = LogLevel.Error, Message = "Triage of {Check} on {PullRequest} failed")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string pullRequest, string check);
}
