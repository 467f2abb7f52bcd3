using System.Text;
using Commune.Models;
using Commune.Providers.Requests;
using Microsoft.Extensions.AI;

namespace Commune.Grains.Models;

/// <summary>
/// Collects a provider's stream into the answer while turning each update into the delta the caller sees: text, reasoning and its
/// signature, and tool calls (the adapters hand over each call whole, so it goes out as one delta naming id, name and all arguments).
/// </summary>
internal sealed class StreamAccumulator
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private readonly List<ToolCall> _calls = [];

    public string Text => _text.ToString();

    public string? Reasoning => _reasoning.Length > 0 ? _reasoning.ToString() : null;

    public string? Signature { get; private set; }

    public IReadOnlyList<ToolCall>? ToolCalls => _calls.Count > 0 ? _calls : null;

    public UsageDetails? Usage { get; private set; }

    public ChatFinishReason? Finish { get; private set; }

    public AdditionalPropertiesDictionary? Properties { get; private set; }

    /// <summary>Whether an update carries something the caller sees, which ends the step's wait for a first token.</summary>
    public static bool HasContent(ChatResponseUpdate update) =>
        update.Contents.Any(c => c is TextContent { Text.Length: > 0 } or TextReasoningContent { Text.Length: > 0 } or FunctionCallContent);

    /// <summary>Absorbs one update; returns the deltas to relay, in order.</summary>
    public IEnumerable<ModelStreamEvent> Absorb(ChatResponseUpdate update)
    {
        string? text = null;
        string? reasoning = null;
        string? signature = null;
        var calls = new List<ToolCallDelta>();
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case TextReasoningContent r:
                    if (!string.IsNullOrEmpty(r.Text))
                    {
                        reasoning += r.Text;
                    }

                    if (!string.IsNullOrEmpty(r.ProtectedData))
                    {
                        signature = r.ProtectedData;
                    }

                    break;
                case TextContent t when !string.IsNullOrEmpty(t.Text):
                    text += t.Text;
                    break;
                case FunctionCallContent { InformationalOnly: false } f:
                    var call = ProviderAnswers.ToolCall(f);
                    calls.Add(new ToolCallDelta(_calls.Count, call.Id, call.Name, call.ArgumentsJson));
                    _calls.Add(call);
                    break;
                case UsageContent u:
                    Usage = u.Details;
                    break;
            }
        }

        Finish ??= update.FinishReason;
        if (update.AdditionalProperties is { Count: > 0 } extra)
        {
            Properties ??= [];
            foreach (var (key, value) in extra)
            {
                Properties[key] = value;
            }
        }

        if (text is not null || reasoning is not null || signature is not null)
        {
            _text.Append(text);
            _reasoning.Append(reasoning);
            Signature = signature ?? Signature;
            yield return new ModelStreamEvent(ModelStreamEventKind.Delta, text, reasoning, ReasoningSignature: signature);
        }

        foreach (var delta in calls)
        {
            yield return new ModelStreamEvent(ModelStreamEventKind.Delta, ToolCall: delta);
        }
    }
}
