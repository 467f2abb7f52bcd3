using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Commune.Providers.Simulation;

/// <summary>
/// The built-in simulated provider. Answers say they are simulated, in the text and in <see cref="ChatResponse.AdditionalProperties"/>
/// (<c>simulated: true</c>); latency, failure rates, rate limits and outages come from <see cref="SimulationSettings"/>.
/// </summary>
public sealed class SimulatedChatClient(string provider, string model, string why, SimulationSettings settings, TimeProvider time) : IChatClient
{
    public const string SimulatedProperty = "simulated";

    private readonly Random _random = settings.Seed is { } seed ? new Random(seed) : Random.Shared;
    private readonly Lock _randomLock = new();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        await Task.Delay(settings.Latency, time, cancellationToken).ConfigureAwait(false);
        ThrowIfFailing();
        if (Call(options) is { } call)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call]))
            {
                ModelId = model,
                FinishReason = ChatFinishReason.ToolCalls,
                Usage = Usage(prompt, call.Name),
                AdditionalProperties = new() { [SimulatedProperty] = true },
            };
        }

        var text = Answer(prompt);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = model,
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(prompt, text),
            AdditionalProperties = new() { [SimulatedProperty] = true },
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        await Task.Delay(settings.Latency, time, cancellationToken).ConfigureAwait(false);
        ThrowIfFailing();
        if (Call(options) is { } call)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [call]) { ModelId = model };
            yield return new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                ModelId = model,
                FinishReason = ChatFinishReason.ToolCalls,
                Contents = [new UsageContent(Usage(prompt, call.Name))],
                AdditionalProperties = new() { [SimulatedProperty] = true },
            };
            yield break;
        }

        var text = Answer(prompt);
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i > 0 && settings.ChunkInterval > TimeSpan.Zero)
            {
                await Task.Delay(settings.ChunkInterval, time, cancellationToken).ConfigureAwait(false);
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = model };
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = model,
            FinishReason = ChatFinishReason.Stop,
            Contents = [new UsageContent(Usage(prompt, text))],
            AdditionalProperties = new() { [SimulatedProperty] = true },
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private void ThrowIfFailing()
    {
        if (settings.Outage)
        {
            throw new SimulatedProviderException(settings.OutageStatus, $"Simulated outage of '{provider}' (HTTP {settings.OutageStatus}).");
        }

        double draw;
        lock (_randomLock)
        {
            draw = _random.NextDouble();
        }

        if (draw < settings.RateLimitRate)
        {
            throw new SimulatedProviderException(429, $"Simulated rate limit on '{provider}'.", settings.RetryAfter);
        }

        if (draw < settings.RateLimitRate + settings.FailureRate)
        {
            throw new SimulatedProviderException(500, $"Simulated server error on '{provider}'.");
        }
    }

    /// <summary>
    /// When the caller requires a tool call, a simulated one: the named (or first) tool with empty arguments and a <c>call_simulated_</c>
    /// id, so a tool loop can be exercised without keys and nobody mistakes the call for a model's.
    /// </summary>
    private static FunctionCallContent? Call(ChatOptions? options)
    {
        var tools = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        var name = options?.ToolMode switch
        {
            RequiredChatToolMode { RequiredFunctionName: { } named } => named,
            RequiredChatToolMode when tools.Count > 0 => tools[0].Name,
            _ => null,
        };
        return name is null ? null : new FunctionCallContent("call_simulated_" + Guid.NewGuid().ToString("N")[..12], name, new Dictionary<string, object?>());
    }

    private string Answer(List<ChatMessage> prompt)
    {
        var last = prompt.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var excerpt = last.Length > 80 ? last[..80] + "…" : last;
        return $"[simulated {provider}/{model}] This answer is simulated ({why}); no model was called. " +
               $"You asked: \"{excerpt}\"";
    }

    private static UsageDetails Usage(List<ChatMessage> prompt, string text) => new()
    {
        InputTokenCount = Math.Max(1, prompt.Sum(m => m.Text.Length) / 4),
        OutputTokenCount = Math.Max(1, text.Length / 4),
    };
}
