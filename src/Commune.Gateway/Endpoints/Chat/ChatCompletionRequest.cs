using System.Text.Json;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>The OpenAI chat-completions request body (the subset Commune executes); snake_case on the wire.</summary>
public sealed class ChatCompletionRequest
{
    /// <summary>A profile name (research, reasoning…) or a concrete <c>provider/model</c>.</summary>
    public string? Model { get; set; }

    public List<ChatCompletionMessage?>? Messages { get; set; }

    public int? MaxTokens { get; set; }

    /// <summary>The newer name of <see cref="MaxTokens"/>; either may be sent.</summary>
    public int? MaxCompletionTokens { get; set; }

    public double? Temperature { get; set; }

    public bool Stream { get; set; }

    public StreamOptions? StreamOptions { get; set; }

    /// <summary>Ignored by the chain; accepted because SDKs send it.</summary>
    public string? User { get; set; }
}

/// <summary>One message; <see cref="Content"/> is a string or an array of <c>{"type":"text","text":…}</c> parts.</summary>
public sealed class ChatCompletionMessage
{
    public string? Role { get; set; }

    public JsonElement Content { get; set; }
}

/// <summary><c>stream_options</c>.</summary>
public sealed class StreamOptions
{
    public bool IncludeUsage { get; set; }
}
