using System.Diagnostics;
using System.Runtime.CompilerServices;
using Commune.Models;
using Commune.Providers.Catalog;
using Commune.Providers.Clients;
using Commune.Providers.Errors;
using Commune.Providers.Profiles;
using Commune.Providers.Requests;
using Commune.Providers.Simulation;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Commune.Grains.Models;

/// <summary>
/// Runs a call through its profile's chain: skip providers whose breaker is open (no wait), reserve the budget, call each step with
/// its own shrinking timeout, classify the failure, retry or fall over, report the outcome to the provider's breaker, settle the budget,
/// and return the answer with the attempt trail and the model that actually answered.
/// </summary>
public sealed partial class ChainExecutor(
    ProfileCatalog profiles,
    ProviderRegistry providers,
    ModelPriceTable prices,
    ProviderHealthCache health,
    StepPipeline steps,
    IGrainFactory grains,
    SecretRedactor redactor,
    IOptions<ChainOptions> options,
    TimeProvider time,
    ILogger<ChainExecutor> logger)
{
    /// <summary>One span per attempt, under the caller's trace.</summary>
    public static readonly ActivitySource Telemetry = new("Commune.Models");

    public async Task<ModelCallResult> CompleteAsync(ModelCall call, CancellationToken cancellationToken)
    {
        var (plan, refused) = await PrepareAsync(call);
        if (plan is null)
        {
            return refused!;
        }

        var settled = false;
        try
        {
            var run = await RunChainAsync(plan, (client, messages, chatOptions, ct) => new ValueTask<ChatResponse>(client.GetResponseAsync(messages, chatOptions, ct)), cancellationToken);
            if (run.Result is not { } ok)
            {
                return run.Failure!;
            }

            var response = ok.Value;
            var contents = response.Messages.SelectMany(m => m.Contents).ToList();
            var calls = ProviderAnswers.ToolCalls(contents);
            var usage = Usage(response.Usage, plan, response.Text, calls);
            var answer = Answer(ok.Step, response.Text, ProviderAnswers.Reasoning(contents), ProviderAnswers.Finish(response.FinishReason, calls is not null), usage, response.AdditionalProperties)
                with { ToolCalls = calls, ReasoningSignature = ProviderAnswers.Signature(contents) };
            await SucceededAsync(plan, ok);
            await SettleAsync(plan, answer);
            settled = true;
            return new ModelCallResult(plan.Profile.Name, answer, null, plan.Attempts.ToArray(), plan.Downgraded);
        }
        finally
        {
            if (!settled)
            {
                await ReleaseAsync(plan);
            }
        }
    }

    /// <summary>Resolves the target, validates the prompt and reserves the budget; a refusal is returned as the result.</summary>
    private async Task<(ChainPlan? Plan, ModelCallResult? Refused)> PrepareAsync(ModelCall call)
    {
        AgentProfile profile;
        if (profiles.Current.TryGet(call.Target, out var named))
        {
            profile = named;
        }
        else if (ModelRef.TryParse(call.Target, out var direct) && providers.Providers.ContainsKey(direct.Provider))
        {
            profile = new AgentProfile(direct.ToString(), "direct", [new ChainStep(direct, TimeSpan.FromSeconds(options.Value.DefaultTimeoutSeconds))], null, null, null, false);
        }
        else
        {
            var hint = ModelRef.TryParse(call.Target, out var unknown)
                ? $"'{unknown.Provider}' is not a configured provider (configured: {string.Join(", ", providers.Names.Order(StringComparer.Ordinal))})."
                : $"It is neither a profile ({string.Join(", ", profiles.Current.Profiles.Keys.Order(StringComparer.Ordinal))}) nor \"<provider>/<model>\".";
            return (null, new ModelCallResult(call.Target, null, new ModelCallError(ModelCallErrorCode.UnknownModel, $"The model '{call.Target}' does not exist. {hint}"), []));
        }

        if (ModelCallRules.Problem(call) is { } problem)
        {
            return (null, new ModelCallResult(profile.Name, null, new ModelCallError(ModelCallErrorCode.InvalidRequest, problem), []));
        }

        var maxTokens = call.MaxTokens ?? profile.MaxTokens ?? options.Value.DefaultMaxTokens;
        var promptTokens = PromptEstimate.Tokens(call);
        var plan = new ChainPlan
        {
            Profile = profile,
            Steps = profile.Chain.ToList(),
            Call = call,
            Needs = CallNeeds.Of(call),
            MaxTokens = maxTokens,
            PromptTokens = promptTokens,
            RequestId = call.RequestId,
            ReservationId = Guid.NewGuid(),
        };

        var scopes = call.Scopes ?? BudgetScopes.None;
        var ledgers = scopes.LedgerKeys().ToList();
        if (ledgers.Count == 0)
        {
            return (plan, null);
        }

        // Fail closed: the estimate is the full output cap at the dearest step's price.
        var estimateTokens = promptTokens + (long)maxTokens;
        var estimateCost = plan.Steps.Max(s => prices.For(s.Model).Cost(promptTokens, maxTokens));
        var near = false;
        foreach (var ledger in ledgers)
        {
            // A profile's budgetLimit is the per-session and per-task budget (seeds: per-PR token budget); API keys have their own.
            var profileLimit = ledger.StartsWith("key:", StringComparison.Ordinal) ? null : profile.BudgetLimit;
            var reservation = await grains.GetGrain<IBudgetGrain>(ledger)
                .ReserveAsync(new BudgetRequest(plan.ReservationId, estimateTokens, estimateCost, profileLimit, profile.Name, call.RequestId));
            if (!reservation.Granted)
            {
                await ReleaseAsync(plan);
                var b = reservation.Budget;
                var message = $"Budget '{ledger}' does not allow this call: {reservation.Reason}. " +
                              $"Limit {Describe(b.TokenLimit, b.CostLimitUsd)}; spent {b.TokensSpent} tokens (${b.CostSpentUsd:0.######}); " +
                              $"reserved {b.TokensReserved} tokens. Escalated for human review{(b.EscalationId is null ? string.Empty : " as " + b.EscalationId)}.";
                return (null, plan.Fail(ModelCallErrorCode.BudgetExceeded, message, b, b.EscalationId));
            }

            plan.Ledgers.Add(ledger);
            near |= reservation.NearLimit;
        }

        if (near)
        {
            // Near a limit: cheapest tiers first, the chain's own order within a tier.
            var ordered = plan.Steps.Select((s, i) => (s, i)).OrderBy(x => prices.For(x.s.Model).Tier).ThenBy(x => x.i).Select(x => x.s).ToList();
            plan.Downgraded = !ordered.SequenceEqual(plan.Steps);
            plan.Steps.Clear();
            plan.Steps.AddRange(ordered);
        }

        return (plan, null);
    }

    /// <summary>Tries the steps in order until one answers; returns it, or the error with the whole trail.</summary>
    private async Task<(ChainStepResult<T>? Result, ModelCallResult? Failure)> RunChainAsync<T>(
        ChainPlan plan,
        Func<IChatClient, IList<ChatMessage>, ChatOptions, CancellationToken, ValueTask<T>> attempt,
        CancellationToken cancellationToken)
    {
        var pending = new List<(ChainStep Step, int Index)>(plan.Steps.Select((s, i) => (s, i)));
        string? policyReason = null;
        int? contextWindowFailed = null;
        var contextFailures = 0;
        var tried = 0;
        var unsupported = new SortedSet<string>(StringComparer.Ordinal);

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (step, index) = pending[0];
            pending.RemoveAt(0);
            var provider = step.Model.Provider;
            var price = prices.For(step.Model);

            if (contextWindowFailed is { } failedWindow && price.ContextWindow is { } window && window <= failedWindow)
            {
                plan.Attempts.Add(new ModelAttempt(index, provider, step.Model.Model, AttemptOutcome.SkippedSmallerContext, null, 0,
                    $"Context window {window} is not larger than the {failedWindow} that was exceeded."));
                continue;
            }

            if (plan.Needs.Unmet(price) is { Count: > 0 } unmet)
            {
                unsupported.UnionWith(unmet);
                plan.Attempts.Add(new ModelAttempt(index, provider, step.Model.Model, AttemptOutcome.SkippedUnsupported, null, 0,
                    $"The model cannot honour {string.Join(", ", unmet)} (catalogue: Models:Prices:{step.Model})."));
                continue;
            }

            if (price.ContextWindow is { } limit && plan.PromptTokens > limit)
            {
                plan.Attempts.Add(new ModelAttempt(index, provider, step.Model.Model, AttemptOutcome.SkippedSmallerContext, null, 0,
                    $"The prompt (about {plan.PromptTokens} tokens) is larger than the context window of {limit}."));
                continue;
            }

            var breaker = health.Get(provider);
            var now = time.GetUtcNow();
            if (breaker.BlocksAt(now))
            {
                plan.Attempts.Add(new ModelAttempt(index, provider, step.Model.Model, AttemptOutcome.SkippedBreakerOpen, null, 0,
                    $"Breaker open until {breaker.OpenUntil:O} ({breaker.LastFailure})."));
                continue;
            }

            if (breaker.State != BreakerState.Closed)
            {
                // Cooldown over: only one caller in the cluster probes.
                var grant = await grains.GetGrain<IProviderHealthGrain>(provider).TryBeginProbeAsync();
                health.Update(grant.Breaker);
                if (!grant.Granted)
                {
                    plan.Attempts.Add(new ModelAttempt(index, provider, step.Model.Model, AttemptOutcome.SkippedBreakerOpen, null, 0,
                        "Breaker half-open: another request is probing the provider."));
                    continue;
                }
            }

            tried++;
            var client = providers.ClientFor(step.Model);
            var kind = providers.Providers[provider].Kind;
            var messages = plan.MessagesFor(kind);
            var chatOptions = ProviderOptions.For(plan.Call, step.Model, kind, plan.MaxTokens, plan.Profile.ExtendedThinking, price, out var note);
            var capture = ResponseCapture.Begin();
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(StepPipeline.Timeout, step.Timeout);
            context.Properties.Set(StepPipeline.Deadline, now + step.Timeout);
            context.Properties.Set(StepPipeline.Capture, capture);
            var tries = new StrongBox<int>();
            var started = time.GetTimestamp();
            using var activity = Telemetry.StartActivity("model.attempt");
            activity?.SetTag("commune.profile", plan.Profile.Name);
            activity?.SetTag("commune.provider", provider);
            activity?.SetTag("commune.model", step.Model.Model);
            activity?.SetTag("commune.step", index);
            try
            {
                var value = await steps.Pipeline.ExecuteAsync(
                    async (ctx, counter) =>
                    {
                        counter.Value++;
                        capture.Reset();
                        return await attempt(client, messages, chatOptions, ctx.CancellationToken);
                    },
                    context,
                    tries);
                var elapsed = time.GetElapsedTime(started);
                plan.Attempts.Add(new ModelAttempt(index, provider, step.Model.Model, AttemptOutcome.Success, 200, elapsed.TotalMilliseconds, note, Math.Max(1, tries.Value)));
                Record(provider, step.Model.Model, AttemptOutcome.Success, elapsed);
                activity?.SetTag("commune.outcome", AttemptOutcome.Success);
                return (new ChainStepResult<T>(step, index, value, breaker.ConsecutiveFailures > 0 || breaker.State != BreakerState.Closed, elapsed, tries.Value), null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogCallerGone(plan.RequestId, step.Model.ToString());
                throw;
            }
            catch (Exception ex)
            {
                var elapsed = time.GetElapsedTime(started);
                // Redacted before anything sees it: the trail goes back to API callers, the breaker stores it.
                var failure = redactor.Redact(FailureClassifier.Classify(ex, capture));
                plan.Attempts.Add(new ModelAttempt(index, provider, step.Model.Model, failure.Outcome, failure.Status, elapsed.TotalMilliseconds, failure.Message, Math.Max(1, tries.Value)));
                Record(provider, step.Model.Model, failure.Outcome, elapsed);
                activity?.SetTag("commune.outcome", failure.Outcome);
                activity?.SetStatus(ActivityStatusCode.Error, failure.Outcome);
                LogAttemptFailed(plan.Profile.Name, step.Model.ToString(), failure.Outcome, failure.Status, plan.RequestId);

                var healthGrain = grains.GetGrain<IProviderHealthGrain>(provider);
                if (failure.CountsAgainstProvider)
                {
                    health.Update(await healthGrain.RecordFailureAsync(failure.Outcome, failure.Message));
                }
                else if (breaker.ConsecutiveFailures > 0 || breaker.State != BreakerState.Closed)
                {
                    // It answered (a refusal of this request): the provider itself is up.
                    health.Update(await healthGrain.RecordSuccessAsync());
                }

                if (failure.Outcome == AttemptOutcome.ContentPolicy)
                {
                    policyReason = failure.Message;
                }
                else if (failure.Outcome == AttemptOutcome.ContextLength)
                {
                    contextFailures++;
                    contextWindowFailed = Math.Max(contextWindowFailed ?? 0, price.ContextWindow ?? 0);

                    // Prefer larger windows for what is left; unknown windows after known ones.
                    var reordered = pending.OrderByDescending(p => prices.For(p.Step.Model).ContextWindow ?? -1).ToList();
                    pending.Clear();
                    pending.AddRange(reordered);
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        if (policyReason is not null)
        {
            return (null, plan.Fail(ModelCallErrorCode.ContentPolicy, "The request was refused on content policy: " + policyReason));
        }

        if (tried == 0 && unsupported.Count > 0)
        {
            return (null, plan.Fail(ModelCallErrorCode.UnsupportedFeature,
                $"No step of '{plan.Profile.Name}' can honour {string.Join(", ", unsupported)}: " +
                string.Join("; ", plan.Attempts.Select(a => $"{a.Provider}/{a.Model}: {a.Detail}")) +
                " Remove the field, choose a profile whose models support it, or correct the catalogue."));
        }

        if ((contextFailures > 0 && contextFailures == tried) || (tried == 0 && plan.Attempts.Count > 0 && plan.Attempts.All(a => a.Outcome == AttemptOutcome.SkippedSmallerContext)))
        {
            return (null, plan.Fail(ModelCallErrorCode.ContextLength, "The prompt is longer than every model of the chain accepts."));
        }

        var trail = string.Join("; ", plan.Attempts.Select(a => $"{a.Provider}/{a.Model}: {a.Outcome}"));
        return (null, plan.Fail(ModelCallErrorCode.ChainExhausted, $"No step of '{plan.Profile.Name}' answered ({trail})."));
    }

    private ModelAnswer Answer(ChainStep step, string text, string? reasoning, string finish, TokenUsage usage, AdditionalPropertiesDictionary? properties)
    {
        var simulated = providers.IsSimulated(step.Model.Provider)
            || (properties?.TryGetValue(SimulatedChatClient.SimulatedProperty, out var flag) == true && flag is true);
        var cost = prices.For(step.Model).Cost(usage.InputTokens, usage.OutputTokens);
        return new ModelAnswer(text, reasoning, step.Model.Provider, step.Model.Model, simulated, finish, usage, cost);
    }

    private static TokenUsage Usage(UsageDetails? details, ChainPlan plan, string text, IReadOnlyList<ToolCall>? calls) =>
        details is { InputTokenCount: { } input, OutputTokenCount: { } output }
            ? new TokenUsage(input, output)
            : new TokenUsage(
                details?.InputTokenCount ?? plan.PromptTokens,
                details?.OutputTokenCount ?? Math.Max(1, (text.Length + (calls?.Sum(c => c.Name.Length + c.ArgumentsJson.Length) ?? 0)) / 4),
                Estimated: true);

    private static void Record(string provider, string model, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "provider", provider }, { "model", model }, { "outcome", outcome } };
        ModelMetrics.Attempts.Add(1, tags);
        ModelMetrics.AttemptDuration.Record(elapsed.TotalMilliseconds, tags);
    }

    private async Task SucceededAsync<T>(ChainPlan plan, ChainStepResult<T> ok)
    {
        if (ok.ReportSuccess)
        {
            health.Update(await grains.GetGrain<IProviderHealthGrain>(ok.Step.Model.Provider).RecordSuccessAsync());
        }

        LogAnswered(plan.Profile.Name, ok.Step.Model.ToString(), ok.Index, plan.Attempts.Count, plan.RequestId);
    }

    private Task SettleAsync(ChainPlan plan, ModelAnswer answer)
    {
        ModelMetrics.Tokens.Add(answer.Usage.InputTokens, new TagList { { "provider", answer.Provider }, { "direction", "input" } });
        ModelMetrics.Tokens.Add(answer.Usage.OutputTokens, new TagList { { "provider", answer.Provider }, { "direction", "output" } });
        return SettleAsync(plan, answer.Usage.TotalTokens, answer.CostUsd);
    }

    private Task SettleAsync(ChainPlan plan, long tokens, decimal cost) =>
        Task.WhenAll(plan.Ledgers.Select(l => grains.GetGrain<IBudgetGrain>(l).SettleAsync(plan.ReservationId, tokens, cost)));

    /// <summary>Frees the reservations of a call that produced nothing: failed attempts are never billed.</summary>
    private async Task ReleaseAsync(ChainPlan plan)
    {
        if (plan.Ledgers.Count > 0)
        {
            await SettleAsync(plan, 0, 0);
            plan.Ledgers.Clear();
        }
    }

    private static string Describe(long? tokens, decimal? cost) =>
        (tokens, cost) switch
        {
            ({ } t, { } c) => $"{t} tokens and ${c:0.######}",
            ({ } t, null) => $"{t} tokens",
            (null, { } c) => $"${c:0.######}",
            _ => "none",
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Profile} answered by {Model} (step {Step}, {Attempts} attempts) for request {RequestId}")]
    private partial void LogAnswered(string profile, string model, int step, int attempts, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Profile}: {Model} failed with {Outcome} (HTTP {Status}) for request {RequestId}")]
    private partial void LogAttemptFailed(string profile, string model, string outcome, int? status, string? requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} cancelled by its caller during {Model}")]
    private partial void LogCallerGone(string? requestId, string model);
}
