using System.Text.Json;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>Validates a chat-completions body into a <see cref="ModelCall"/>; every problem names the field.</summary>
public static class ChatRequestReader
{
    public const int MaxMessages = 1000;
    public const int MaxTargetLength = 256;
    public const int MaxScopeIdLength = 200;

    /// <summary>Far above any model's output cap; keeps budget estimates meaningful.</summary>
    public const int MaxOutputTokens = 1_000_000;

    public static (ModelCall? Call, string? Problem) Read(ChatCompletionRequest? request, BudgetScopes scopes, string requestId)
    {
        if (request is null)
        {
            return (null, "The body must be a JSON object with model and messages.");
        }

        if (string.IsNullOrWhiteSpace(request.Model) || request.Model.Length > MaxTargetLength)
        {
            return (null, $"model is required: a profile name or \"<provider>/<model>\" of at most {MaxTargetLength} characters.");
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            return (null, "messages must be a non-empty array.");
        }

        if (messages.Count > MaxMessages)
        {
            return (null, $"messages has {messages.Count} entries; at most {MaxMessages} are accepted.");
        }

        var turns = new List<ChatTurn>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message is null)
            {
                return (null, $"messages[{i}] is null; each message is an object with role and content.");
            }

            if (message.Role is not ("system" or "user" or "assistant" or "developer"))
            {
                return (null, $"messages[{i}].role must be one of: system, developer, user, assistant (tools are not supported).");
            }

            var (text, problem) = Text(message.Content, i);
            if (problem is not null)
            {
                return (null, problem);
            }

            turns.Add(new ChatTurn(message.Role == "developer" ? "system" : message.Role, text!));
        }

        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is <= 0 or > MaxOutputTokens)
        {
            return (null, $"max_tokens must be between 1 and {MaxOutputTokens}.");
        }

        if (request.Temperature is < 0 or > 2 || (request.Temperature is { } t && double.IsNaN(t)))
        {
            return (null, "temperature must be between 0 and 2.");
        }

        if (request.StreamOptions is not null && !request.Stream)
        {
            return (null, "stream_options is only allowed when stream is true.");
        }

        return (new ModelCall(request.Model.Trim(), turns, maxTokens, request.Temperature, scopes, requestId), null);
    }

    private static (string? Text, string? Problem) Text(JsonElement content, int index)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return (content.GetString() ?? string.Empty, null);
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object
                        || !part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "text"
                        || !part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
                    {
                        return (null, $"messages[{index}].content parts must be {{\"type\": \"text\", \"text\": \"…\"}}; other part types are not supported.");
                    }

                    parts.Add(text.GetString()!);
                }

                return (string.Concat(parts), null);
            default:
                return (null, $"messages[{index}].content must be a string or an array of text parts.");
        }
    }
}
