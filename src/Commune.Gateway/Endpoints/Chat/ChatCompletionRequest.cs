using System.Text.Json;
using System.Text.Json.Serialization;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>
/// The OpenAI chat-completions request body; snake_case on the wire. Every field is either carried to the chain or refused by
/// <see cref="ChatRequestReader"/>: unknown fields land in <see cref="Unknown"/> and are refused by name, never dropped.
/// </summary>
public sealed class ChatCompletionRequest
{
    /// <summary>A profile name (research, reasoning…) or a concrete <c>provider/model</c>.</summary>
    public string? Model { get; set; }

    public List<ChatCompletionMessage?>? Messages { get; set; }

    public int? MaxTokens { get; set; }

    /// <summary>The newer name of <see cref="MaxTokens"/>; either may be sent.</summary>
    public int? MaxCompletionTokens { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    /// <summary>A string or an array of strings.</summary>
    public JsonElement Stop { get; set; }

    public bool Stream { get; set; }

    public StreamOptions? StreamOptions { get; set; }

    public List<ChatToolInput?>? Tools { get; set; }

    /// <summary><c>"auto"</c>, <c>"none"</c>, <c>"required"</c> or <c>{"type":"function","function":{"name":…}}</c>.</summary>
    public JsonElement ToolChoice { get; set; }

    public bool? ParallelToolCalls { get; set; }

    public ChatResponseFormatInput? ResponseFormat { get; set; }

    /// <summary>minimal, low, medium or high: a thinking budget for the chain's reasoning models.</summary>
    public string? ReasoningEffort { get; set; }

    /// <summary>The end user, passed on to the provider.</summary>
    public string? User { get; set; }

    /// <summary>Only 1: a chain produces one answer.</summary>
    public int? N { get; set; }

    /// <summary>Only false: Commune keeps no completions store.</summary>
    public bool? Store { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}

/// <summary><c>stream_options</c>.</summary>
public sealed class StreamOptions
{
    public bool IncludeUsage { get; set; }
}
