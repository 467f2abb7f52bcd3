using System.Text.Json;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>Reads chat-completions messages into turns: text, image and file parts, assistant tool calls and tool results.</summary>
public static class ChatMessageReader
{
    public static (ChatTurn? Turn, string? Problem) Read(ChatCompletionMessage? message, int index)
    {
        var at = $"messages[{index}]";
        if (message is null)
        {
            return (null, $"{at} is null; each message is an object with role and content.");
        }

        if (message.Unknown is { Count: > 0 } unknown)
        {
            return (null, $"{at}.{unknown.Keys.First()} is not supported (a message has role, content, tool_calls, tool_call_id, refusal).");
        }

        var role = message.Role switch
        {
            "developer" => "system",
            "system" or "user" or "assistant" or "tool" => message.Role,
            _ => null,
        };
        if (role is null)
        {
            return (null, $"{at}.role must be one of: system, developer, user, assistant, tool.");
        }

        var (text, parts, problem) = Content(message.Content, at, role);
        if (problem is not null)
        {
            return (null, problem);
        }

        if (message.Refusal is { Length: > 0 } refusal && role == "assistant")
        {
            text = text.Length == 0 ? refusal : text;
        }

        if (message.ToolCalls is { Count: > 0 } && role != "assistant")
        {
            return (null, $"{at}.tool_calls is only allowed on assistant messages.");
        }

        if (role == "tool" && string.IsNullOrEmpty(message.ToolCallId))
        {
            return (null, $"{at}.tool_call_id is required on tool messages.");
        }

        if (role != "tool" && message.ToolCallId is not null)
        {
            return (null, $"{at}.tool_call_id is only allowed on tool messages.");
        }

        List<ToolCall>? calls = null;
        for (var j = 0; j < (message.ToolCalls?.Count ?? 0); j++)
        {
            var call = message.ToolCalls![j];
            if (call is not { Type: null or "function", Id: { Length: > 0 } id, Function: { Name: { Length: > 0 } name } function })
            {
                return (null, $"{at}.tool_calls[{j}] must be {{\"id\", \"type\": \"function\", \"function\": {{\"name\", \"arguments\"}}}}.");
            }

            (calls ??= []).Add(new ToolCall(id, name, string.IsNullOrWhiteSpace(function.Arguments) ? "{}" : function.Arguments));
        }

        if (role is "tool" or "system" && parts is { Count: > 0 })
        {
            return (null, $"{at}.content of a {message.Role} message must be text.");
        }

        return (new ChatTurn(role, text, parts, calls, message.ToolCallId), null);
    }

    private static (string Text, List<ContentPart>? Parts, string? Problem) Content(JsonElement content, string at, string role)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return (content.GetString() ?? string.Empty, null, null);
            case JsonValueKind.Null or JsonValueKind.Undefined when role == "assistant":
                return (string.Empty, null, null);
            case JsonValueKind.Array:
                break;
            default:
                return (string.Empty, null, $"{at}.content must be a string or an array of content parts.");
        }

        // Text before the first non-text part stays the turn's text; once an image or file appears every part keeps its place.
        var text = new List<string>();
        List<ContentPart>? parts = null;
        var i = 0;
        foreach (var part in content.EnumerateArray())
        {
            var path = $"{at}.content[{i++}]";
            var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "text" when part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String:
                    if (parts is null)
                    {
                        text.Add(value.GetString()!);
                    }
                    else
                    {
                        parts.Add(new ContentPart(ContentPartKinds.Text, Text: value.GetString()));
                    }

                    break;
                case "image_url":
                    var (image, problem) = Image(part, path);
                    if (problem is not null)
                    {
                        return (string.Empty, null, problem);
                    }

                    (parts ??= []).Add(image!);
                    break;
                case "file":
                    var (file, fileProblem) = File(part, path);
                    if (fileProblem is not null)
                    {
                        return (string.Empty, null, fileProblem);
                    }

                    (parts ??= []).Add(file!);
                    break;
                default:
                    return (string.Empty, null, $"{path} must be a text, image_url or file part (type '{type}' is not supported).");
            }
        }

        return (string.Concat(text), parts, null);
    }

    private static (ContentPart? Part, string? Problem) Image(JsonElement part, string path)
    {
        if (!part.TryGetProperty("image_url", out var image) || image.ValueKind != JsonValueKind.Object
            || !image.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            return (null, $"{path}.image_url must be {{\"url\": \"https://…\" or \"data:image/…;base64,…\"}}.");
        }

        var detail = image.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (detail is not (null or "auto" or "low" or "high"))
        {
            return (null, $"{path}.image_url.detail must be auto, low or high.");
        }

        var address = url.GetString()!;
        if (DataUrl.TryParse(address, out var mediaType, out var data))
        {
            return mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                ? (new ContentPart(ContentPartKinds.Image, MediaType: mediaType, Data: data, Detail: detail), null)
                : (null, $"{path}.image_url.url is a data URL of '{mediaType}', not an image.");
        }

        return Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? (new ContentPart(ContentPartKinds.Image, Uri: address, Detail: detail), null)
            : (null, $"{path}.image_url.url must be an http(s) URL or a base64 data URL.");
    }

    private static (ContentPart? Part, string? Problem) File(JsonElement part, string path)
    {
        if (part.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.Object
            && file.TryGetProperty("file_data", out var data) && data.ValueKind == JsonValueKind.String
            && DataUrl.TryParse(data.GetString()!, out var mediaType, out var bytes))
        {
            return (new ContentPart(ContentPartKinds.Document, MediaType: mediaType, Data: bytes), null);
        }

        return (null, $"{path}.file must carry file_data as a base64 data URL (uploaded file_id references are not supported: Commune stores no files).");
    }
}
