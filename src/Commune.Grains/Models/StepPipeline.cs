using Commune.Models;
using Commune.Providers.Clients;
using Commune.Providers.Errors;
using Commune.Providers.Profiles;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Commune.Grains.Models;

/// <summary>
/// The Polly pipeline one chain step runs in: a timeout for the step's whole budget around a retry that allows one quick jittered
/// retry of a first transient 5xx or dropped connection, and waits out a 429's Retry-After (or the 1 s ± 0.5, 2 s ± 1, 4 s ± 2 backoff)
/// only when the wait fits in what is left of the step's budget. Everything else falls over to the next step at once.
/// </summary>
public sealed class StepPipeline
{
    public static readonly ResiliencePropertyKey<TimeSpan> Timeout = new("commune.step.timeout");
    public static readonly ResiliencePropertyKey<DateTimeOffset> Deadline = new("commune.step.deadline");
    public static readonly ResiliencePropertyKey<ResponseCapture> Capture = new("commune.step.capture");
    public static readonly ResiliencePropertyKey<int> Tries = new("commune.step.tries");
    private static readonly ResiliencePropertyKey<TimeSpan> NextDelay = new("commune.step.next-delay");

    private readonly ChainOptions _options;
    private readonly TimeProvider _time;

    public StepPipeline(IOptions<ChainOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        Pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(Timeout, TimeSpan.FromSeconds(_options.DefaultTimeoutSeconds))),
            })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, _options.MaxTriesPerStep - 1),
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context, args.AttemptNumber)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(NextDelay, TimeSpan.Zero)),
            })
            .Build();
    }

    /// <summary>The shared pipeline; per-step values travel in the <see cref="ResilienceContext"/> properties.</summary>
    public ResiliencePipeline Pipeline { get; }

    private bool ShouldRetry(Exception? exception, ResilienceContext context, int attempt)
    {
        if (exception is null or OperationCanceledException || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var failure = FailureClassifier.Classify(exception, context.Properties.GetValue(Capture, null!));
        TimeSpan delay;
        if (FailureClassifier.IsTransient(failure) && attempt == 0)
        {
            delay = Jittered(0);
        }
        else if (failure.Outcome == AttemptOutcome.RateLimited && attempt + 1 < _options.MaxTriesPerStep)
        {
            delay = failure.RetryAfter ?? Jittered(attempt);
        }
        else
        {
            return false;
        }

        // A wait that would not leave time for the retry itself is better spent on the next step.
        var left = context.Properties.GetValue(Deadline, DateTimeOffset.MinValue) - _time.GetUtcNow();
        if (delay >= left)
        {
            return false;
        }

        context.Properties.Set(NextDelay, delay);
        return true;
    }

    /// <summary>base × 2^attempt, ± half of that.</summary>
    private TimeSpan Jittered(int attempt)
    {
        var nominal = _options.RetryBaseDelay * Math.Pow(2, attempt);
        return nominal * (0.5 + Random.Shared.NextDouble());
    }
}
