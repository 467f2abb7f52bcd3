using System.Runtime.CompilerServices;
using System.Text.Json;
using Commune.Models;
using Commune.Providers.Errors;
using Commune.Providers.Requests;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Commune.Grains.Models;

/// <summary>
/// Streaming through the chain: failover is possible until a step's first token; from then on the stream's own token follows the caller
/// and an idle timer, and a fault ends the stream with an error rather than a short answer that looks complete.
/// </summary>
public sealed partial class ChainExecutor
{
    public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (plan, refused) = await PrepareAsync(call);
        if (plan is null)
        {
            yield return new ModelStreamEvent(ModelStreamEventKind.Failed, Result: refused);
            yield break;
        }

        var settled = false;
        OpenStream? stream = null;
        try
        {
            var run = await RunChainAsync(plan, (client, messages, chatOptions, ct) => OpenAsync(client, messages, chatOptions, ct, cancellationToken), cancellationToken);
            if (run.Result is not { } ok)
            {
                yield return new ModelStreamEvent(ModelStreamEventKind.Failed, Result: run.Failure);
                yield break;
            }

            stream = ok.Value;
            var step = ok.Step;
            var simulated = providers.IsSimulated(step.Model.Provider);
            yield return new ModelStreamEvent(
                ModelStreamEventKind.Started,
                Provider: step.Model.Provider,
                Model: step.Model.Model,
                Simulated: simulated,
                Result: new ModelCallResult(plan.Profile.Name, null, null, plan.Attempts.ToArray(), plan.Downgraded));

            var answered = new StreamAccumulator();
            var started = time.GetTimestamp();
            string? fault = null;
            string? faultMessage = null;

            foreach (var update in stream.First)
            {
                foreach (var delta in answered.Absorb(update))
                {
                    yield return delta;
                }
            }

            // The OpenAI adapter hands over a stream's tool calls only after the provider's last chunk, behind the finish reason and
            // usage: a tool_calls finish with no call yet means the calls are still to come.
            while (answered.Finish is null || answered.Usage is null || (answered.Finish == ChatFinishReason.ToolCalls && answered.ToolCalls is null))
            {
                var next = await NextAsync(stream, cancellationToken);
                if (next.Fault is not null)
                {
                    (fault, faultMessage) = (next.Fault, next.Message);
                    break;
                }

                if (next.Update is null)
                {
                    // The provider closed the stream; without a finish reason the answer is truncated.
                    if (answered.Finish is null)
                    {
                        (fault, faultMessage) = (AttemptOutcome.StreamCut, "The provider's stream ended before the answer finished.");
                    }

                    break;
                }

                foreach (var delta in answered.Absorb(next.Update))
                {
                    yield return delta;
                }
            }

            var elapsed = ok.Elapsed + time.GetElapsedTime(started);
            if (fault is not null)
            {
                plan.Attempts[^1] = plan.Attempts[^1] with
                {
                    Outcome = fault,
                    LatencyMs = elapsed.TotalMilliseconds,
                    Detail = faultMessage + " (after the first token: no failover)",
                };
                health.Update(await grains.GetGrain<IProviderHealthGrain>(step.Model.Provider).RecordFailureAsync(fault, faultMessage));
                LogStreamBroken(step.Model.ToString(), fault, plan.RequestId);
                yield return new ModelStreamEvent(
                    ModelStreamEventKind.Failed,
                    Provider: step.Model.Provider,
                    Model: step.Model.Model,
                    Simulated: simulated,
                    Result: plan.Fail(ModelCallErrorCode.StreamInterrupted, $"The stream from {step.Model} broke after it started: {faultMessage}"));
                yield break;
            }

            var tokens = Usage(answered.Usage, plan, answered.Text, answered.ToolCalls);
            var answer = Answer(step, answered.Text, answered.Reasoning, ProviderAnswers.Finish(answered.Finish, answered.ToolCalls is not null), tokens, answered.Properties)
                with { ToolCalls = answered.ToolCalls, ReasoningSignature = answered.Signature };
            plan.Attempts[^1] = plan.Attempts[^1] with { LatencyMs = elapsed.TotalMilliseconds };
            await SucceededAsync(plan, ok);
            await SettleAsync(plan, answer);
            settled = true;
            yield return new ModelStreamEvent(
                ModelStreamEventKind.Completed,
                Provider: step.Model.Provider,
                Model: step.Model.Model,
                Simulated: simulated,
                Result: new ModelCallResult(plan.Profile.Name, answer, null, plan.Attempts.ToArray(), plan.Downgraded));
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            if (!settled)
            {
                await ReleaseAsync(plan);
            }
        }
    }

    private async ValueTask<OpenStream> OpenAsync(IChatClient client, IList<ChatMessage> messages, ChatOptions chatOptions, CancellationToken stepToken, CancellationToken callerToken)
    {
        // The stream outlives the step's timeout once it has started, so it gets its own token: caller + (until the first token) the step.
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        var untilFirst = stepToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), cancellation);
        var updates = client.GetStreamingResponseAsync(messages, chatOptions, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var first = new List<ChatResponseUpdate>();
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync();
                }
                catch (OperationCanceledException) when (stepToken.IsCancellationRequested && !callerToken.IsCancellationRequested)
                {
                    // Polly turns this into a timeout for the step.
                    throw new OperationCanceledException(stepToken);
                }
                catch (JsonException ex)
                {
                    throw new ProviderStreamException(AttemptOutcome.StreamMalformed, "The provider sent a malformed stream chunk.", ex);
                }

                if (!more)
                {
                    throw new ProviderStreamException(AttemptOutcome.StreamCut, "The provider's stream ended before the first token.");
                }

                first.Add(updates.Current);
                if (StreamAccumulator.HasContent(updates.Current) || updates.Current.FinishReason is not null)
                {
                    await untilFirst.DisposeAsync();
                    return new OpenStream(updates, cancellation, first);
                }
            }
        }
        catch
        {
            await untilFirst.DisposeAsync();
            await new OpenStream(updates, cancellation, first).DisposeAsync();
            throw;
        }
    }

    private async Task<(ChatResponseUpdate? Update, string? Fault, string? Message)> NextAsync(OpenStream stream, CancellationToken callerToken)
    {
        var idle = options.Value.StreamIdleTimeout;
        stream.Cancellation.CancelAfter(idle);
        try
        {
            var more = await stream.Updates.MoveNextAsync();
            return more ? (stream.Updates.Current, null, null) : (null, null, null);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return (null, AttemptOutcome.StreamStall, $"No data from the provider for {idle.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var fault = StreamFault(ex);
            return (null, fault.Outcome, redactor.Redact(fault.Message));
        }
    }

    private static ProviderStreamException StreamFault(Exception ex) =>
        ex is JsonException || ex.InnerException is JsonException
            ? new ProviderStreamException(AttemptOutcome.StreamMalformed, "The provider sent a malformed stream chunk.", ex)
            : new ProviderStreamException(AttemptOutcome.StreamCut, "The provider's stream broke: " + ex.Message, ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream from {Model} broke with {Outcome} after its first token (request {RequestId})")]
    private partial void LogStreamBroken(string model, string outcome, string? requestId);
}
