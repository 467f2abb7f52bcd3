using System.Text.Json;
using Commune.Models;
using Microsoft.Extensions.AI;

namespace Commune.Providers.Requests;

/// <summary>What a provider's answer holds besides text, read from Microsoft.Extensions.AI contents whichever kind answered.</summary>
public static class ProviderAnswers
{
    // Compact, as providers send arguments; the adapters' defaults indent.
    private static readonly JsonSerializerOptions Compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    public static ToolCall ToolCall(FunctionCallContent call) =>
        new(call.CallId, call.Name, call.Arguments is { } arguments ? JsonSerializer.Serialize(arguments, Compact) : "{}");

    public static IReadOnlyList<ToolCall>? ToolCalls(IEnumerable<AIContent> contents)
    {
        var calls = contents.OfType<FunctionCallContent>().Where(c => !c.InformationalOnly).Select(ToolCall).ToList();
        return calls.Count > 0 ? calls : null;
    }

    public static string? Reasoning(IEnumerable<AIContent> contents)
    {
        var text = string.Concat(contents.OfType<TextReasoningContent>().Select(r => r.Text));
        return text.Length > 0 ? text : null;
    }

    /// <summary>The signature of the reasoning (Anthropic), which the caller must send back with it.</summary>
    public static string? Signature(IEnumerable<AIContent> contents) =>
        contents.OfType<TextReasoningContent>().LastOrDefault(r => !string.IsNullOrEmpty(r.ProtectedData))?.ProtectedData;

    /// <summary>OpenAI's finish vocabulary; an answer that calls tools finishes with tool_calls whatever the provider said.</summary>
    public static string Finish(ChatFinishReason? reason, bool calledTools) =>
        calledTools ? "tool_calls"
        : reason is null ? "stop"
        : reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";
}
