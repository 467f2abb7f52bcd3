using System.Text.Json;
using Commune.Models;
using Commune.Providers.Clients;
using Microsoft.Extensions.AI;

namespace Commune.Providers.Requests;

/// <summary>
/// A conversation as Microsoft.Extensions.AI messages for one provider kind. Tool-call ids are made acceptable to the kind
/// (<see cref="ToolCallIds"/>); thinking from earlier turns goes only to Anthropic, the one kind that verifies and continues it, since
/// other providers cannot read another's signed reasoning (and Anthropic refuses unsigned reasoning); consecutive tool results travel as one message, as Anthropic requires.
/// </summary>
public static class ProviderMessages
{
    public static List<ChatMessage> For(IReadOnlyList<ChatTurn> turns, string kind)
    {
        var messages = new List<ChatMessage>(turns.Count);
        foreach (var turn in turns)
        {
            switch (turn.Role)
            {
                case "tool":
                    var result = Result(turn, kind);
                    if (messages.Count > 0 && messages[^1].Role == ChatRole.Tool)
                    {
                        messages[^1].Contents.Add(result);
                    }
                    else
                    {
                        messages.Add(new ChatMessage(ChatRole.Tool, [result]));
                    }

                    break;
                case "assistant":
                    messages.Add(new ChatMessage(ChatRole.Assistant, Assistant(turn, kind)));
                    break;
                default:
                    messages.Add(new ChatMessage(new ChatRole(turn.Role), Contents(turn)));
                    break;
            }
        }

        return messages;
    }

    /// <summary>The arguments of a tool call as the adapters take them; the gateway has checked they are a JSON object.</summary>
    public static Dictionary<string, object?> Arguments(string json)
    {
        using var document = JsonDocument.Parse(json.Length == 0 ? "{}" : json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }

    private static List<AIContent> Assistant(ChatTurn turn, string kind)
    {
        var contents = new List<AIContent>();
        if (kind == ProviderKind.Anthropic)
        {
            // Unsigned reasoning (another kind's answer) cannot be verified by Anthropic, which refuses it, so it stays behind.
            foreach (var thinking in (turn.Parts ?? []).Where(p => p.Kind == ContentPartKinds.Thinking && !string.IsNullOrEmpty(p.Signature)))
            {
                contents.Add(new TextReasoningContent(thinking.Text ?? string.Empty) { ProtectedData = thinking.Signature });
            }
        }

        if (turn.Content.Length > 0)
        {
            contents.Add(new TextContent(turn.Content));
        }

        foreach (var call in turn.ToolCalls ?? [])
        {
            contents.Add(new FunctionCallContent(ToolCallIds.For(kind, call.Id), call.Name, Arguments(call.ArgumentsJson)));
        }

        return contents;
    }

    private static FunctionResultContent Result(ChatTurn turn, string kind)
    {
        var id = ToolCallIds.For(kind, turn.ToolCallId ?? string.Empty);

        // Images in a tool result reach Anthropic as blocks; OpenAI tool messages are text only, so there the text goes alone and the
        // step was skipped earlier if images mattered (vision is judged on every part).
        object result = kind == ProviderKind.Anthropic && turn.Parts is { Count: > 0 } ? Contents(turn) : turn.Content;
        return new FunctionResultContent(id, result)
        {
            // The Anthropic adapter turns an exception into is_error; OpenAI has no such flag and reads the text.
            Exception = turn.IsError && kind == ProviderKind.Anthropic ? new InvalidOperationException(turn.Content) : null,
        };
    }

    private static List<AIContent> Contents(ChatTurn turn)
    {
        var contents = new List<AIContent>();
        if (turn.Content.Length > 0)
        {
            contents.Add(new TextContent(turn.Content));
        }

        foreach (var part in turn.Parts ?? [])
        {
            if (Content(part) is { } content)
            {
                contents.Add(content);
            }
        }

        return contents;
    }

    private static AIContent? Content(ContentPart part)
    {
        AIContent? content = part.Kind switch
        {
            ContentPartKinds.Text => new TextContent(part.Text ?? string.Empty),
            ContentPartKinds.Image or ContentPartKinds.Document when part.Data is { } data =>
                new DataContent(data, part.MediaType ?? (part.Kind == ContentPartKinds.Image ? "image/png" : "application/pdf")),
            ContentPartKinds.Image or ContentPartKinds.Document when part.Uri is { } uri =>
                new UriContent(new Uri(uri), part.MediaType ?? (part.Kind == ContentPartKinds.Image ? "image/*" : "application/pdf")),
            _ => null,
        };
        if (content is not null && part.Detail is { } detail)
        {
            // The OpenAI adapter reads an image's detail level from here.
            content.AdditionalProperties = new() { ["detail"] = detail };
        }

        return content;
    }
}
