using System.Text.Json;
using Commune.Models;
using static Commune.Gateway.Endpoints.Anthropic.AnthropicJson;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>
/// Reads Anthropic messages and their content blocks into <see cref="ChatTurn"/>s. A user turn's <see cref="ChatTurn.Content"/> is its
/// first block when that is text; every later block (text, image, document) is a <see cref="ContentPart"/> in the caller's order, so
/// text between images keeps its place (providers receive the content first, then the parts). An assistant turn's text is its content,
/// its thinking blocks are thinking parts and its tool_use blocks its tool calls: the order Anthropic requires. A user message's
/// <c>tool_result</c> blocks become one tool turn each, ahead of a user turn for whatever else the message holds.
/// </summary>
internal static class AnthropicContentReader
{
    private static readonly HashSet<string> MessageFields = ["role", "content"];
    private static readonly HashSet<string> TextFields = ["type", "text", "cache_control", "citations"];
    private static readonly HashSet<string> ImageFields = ["type", "source", "cache_control"];
    private static readonly HashSet<string> DocumentFields = ["type", "source", "cache_control", "title", "context", "citations"];
    private static readonly HashSet<string> ToolUseFields = ["type", "id", "name", "input", "cache_control"];
    private static readonly HashSet<string> ToolResultFields = ["type", "tool_use_id", "content", "is_error", "cache_control"];
    private static readonly HashSet<string> ThinkingFields = ["type", "thinking", "signature"];
    private static readonly HashSet<string> RedactedThinkingFields = ["type", "data"];
    private static readonly HashSet<string> Base64SourceFields = ["type", "media_type", "data"];
    private static readonly HashSet<string> UrlSourceFields = ["type", "url"];
    private static readonly HashSet<string> ImageMediaTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    /// <summary>Appends the turns of <c>messages[index]</c>; <paramref name="toolUseIds"/> collects the assistant's tool_use ids so far.</summary>
    public static void Read(JsonElement message, int index, List<ChatTurn> turns, HashSet<string> toolUseIds)
    {
        var path = $"messages[{index}]";
        Object(message, path);
        OnlyKnown(message, path, MessageFields);
        var role = String(Required(message, "role", path), path + ".role");
        if (role is not ("user" or "assistant" or "system"))
        {
            throw new AnthropicRefusal(path + ".role", "must be \"user\", \"assistant\" or \"system\".");
        }

        var content = Required(message, "content", path);
        if (role == "system")
        {
            // A system message in the conversation: the same text-only shape as the top-level system prompt, kept in its place.
            ReadSystem(content, turns, path + ".content");
            return;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            turns.Add(new ChatTurn(role, content.GetString()!));
            return;
        }

        Array(content, path + ".content");
        if (content.GetArrayLength() == 0)
        {
            throw new AnthropicRefusal(path + ".content", "must be a string or a non-empty array of content blocks.");
        }

        if (role == "user")
        {
            ReadUser(content, path + ".content", turns, toolUseIds);
        }
        else
        {
            ReadAssistant(content, path + ".content", turns, toolUseIds);
        }
    }

    /// <summary>A <c>system</c> prompt (top-level or a system message's content), a string or text blocks: one system turn per block.</summary>
    public static void ReadSystem(JsonElement system, List<ChatTurn> turns, string at = "system")
    {
        if (system.ValueKind == JsonValueKind.String)
        {
            turns.Add(new ChatTurn("system", system.GetString()!));
            return;
        }

        Array(system, at);
        var i = 0;
        foreach (var block in system.EnumerateArray())
        {
            var path = $"{at}[{i++}]";
            Object(block, path);
            if (BlockType(block, path) != "text")
            {
                throw new AnthropicRefusal(path + ".type", "must be \"text\": the system prompt holds only text blocks.");
            }

            turns.Add(new ChatTurn("system", Text(block, path)));
        }
    }

    private static void ReadUser(JsonElement content, string path, List<ChatTurn> turns, HashSet<string> toolUseIds)
    {
        var rest = new Blocks();
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var at = $"{path}[{i++}]";
            Object(block, at);
            switch (BlockType(block, at))
            {
                case "text":
                    rest.Add(Text(block, at));
                    break;
                case "image":
                    rest.Add(Image(block, at));
                    break;
                case "document":
                    rest.Add(Document(block, at));
                    break;
                case "tool_result":
                    turns.Add(ToolResult(block, at, toolUseIds));
                    break;
                case var other:
                    throw new AnthropicRefusal(at + ".type",
                        $"\"{other}\" is not a block a user message can carry through Commune (text, image, document, tool_result).");
            }
        }

        if (!rest.IsEmpty)
        {
            turns.Add(rest.Turn("user"));
        }
    }

    private static void ReadAssistant(JsonElement content, string path, List<ChatTurn> turns, HashSet<string> toolUseIds)
    {
        var text = new List<string>();
        var thinking = new List<ContentPart>();
        var calls = new List<ToolCall>();
        var i = 0;
        foreach (var block in content.EnumerateArray())
        {
            var at = $"{path}[{i++}]";
            Object(block, at);
            switch (BlockType(block, at))
            {
                case "text":
                    text.Add(Text(block, at));
                    break;
                case "thinking":
                    OnlyKnown(block, at, ThinkingFields);
                    thinking.Add(new ContentPart(ContentPartKinds.Thinking,
                        Text: String(Required(block, "thinking", at), at + ".thinking"),
                        Signature: String(Required(block, "signature", at), at + ".signature")));
                    break;
                case "redacted_thinking":
                    OnlyKnown(block, at, RedactedThinkingFields);
                    thinking.Add(new ContentPart(ContentPartKinds.Thinking, Signature: String(Required(block, "data", at), at + ".data", allowEmpty: false)));
                    break;
                case "tool_use":
                    calls.Add(ToolUse(block, at, toolUseIds));
                    break;
                case var other:
                    throw new AnthropicRefusal(at + ".type",
                        $"\"{other}\" is not a block an assistant message can carry through Commune (text, thinking, redacted_thinking, tool_use).");
            }
        }

        // An assistant turn is laid out as Anthropic orders it (thinking, text, tool calls), so its text blocks are its content.
        turns.Add(new ChatTurn("assistant", string.Concat(text), thinking.Count > 0 ? thinking : null, calls.Count > 0 ? calls : null));
    }

    private static ToolCall ToolUse(JsonElement block, string path, HashSet<string> toolUseIds)
    {
        OnlyKnown(block, path, ToolUseFields);
        CacheControl(block, path);
        var id = String(Required(block, "id", path), path + ".id", allowEmpty: false);
        var name = String(Required(block, "name", path), path + ".name", allowEmpty: false);
        var input = Object(Required(block, "input", path), path + ".input");
        if (!toolUseIds.Add(id))
        {
            throw new AnthropicRefusal(path + ".id", $"'{id}' is used by an earlier tool_use block; each call needs its own id.");
        }

        return new ToolCall(id, name, input.GetRawText());
    }

    private static ChatTurn ToolResult(JsonElement block, string path, HashSet<string> toolUseIds)
    {
        OnlyKnown(block, path, ToolResultFields);
        CacheControl(block, path);
        var id = String(Required(block, "tool_use_id", path), path + ".tool_use_id", allowEmpty: false);
        if (!toolUseIds.Contains(id))
        {
            throw new AnthropicRefusal(path + ".tool_use_id", $"'{id}' answers no tool_use block of an earlier assistant message.");
        }

        var isError = Optional(block, "is_error") is { } flag && Bool(flag, path + ".is_error");
        var text = new List<string>();
        var images = new List<ContentPart>();
        if (Optional(block, "content") is { } content)
        {
            if (content.ValueKind == JsonValueKind.String)
            {
                text.Add(content.GetString()!);
            }
            else
            {
                Array(content, path + ".content");
                var i = 0;
                foreach (var inner in content.EnumerateArray())
                {
                    var at = $"{path}.content[{i++}]";
                    Object(inner, at);
                    switch (BlockType(inner, at))
                    {
                        case "text":
                            text.Add(Text(inner, at));
                            break;
                        case "image":
                            images.Add(Image(inner, at));
                            break;
                        case var other:
                            throw new AnthropicRefusal(at + ".type", $"\"{other}\" is not carried in a tool result through Commune (text, image).");
                    }
                }
            }
        }

        // A tool message has one text; Anthropic reads consecutive text blocks as one passage, so they are joined by line.
        return new ChatTurn("tool", string.Join("\n", text), images.Count > 0 ? images : null, ToolCallId: id, IsError: isError);
    }

    private static string Text(JsonElement block, string path)
    {
        OnlyKnown(block, path, TextFields);
        CacheControl(block, path);
        if (Optional(block, "citations") is { } citations && (citations.ValueKind != JsonValueKind.Array || citations.GetArrayLength() > 0))
        {
            throw new AnthropicRefusal(path + ".citations", "is not carried by Commune; send the text without citations.");
        }

        return String(Required(block, "text", path), path + ".text");
    }

    private static ContentPart Image(JsonElement block, string path)
    {
        OnlyKnown(block, path, ImageFields);
        CacheControl(block, path);
        var sourcePath = path + ".source";
        var source = Object(Required(block, "source", path), sourcePath);
        switch (String(Required(source, "type", sourcePath), sourcePath + ".type"))
        {
            case "base64":
                OnlyKnown(source, sourcePath, Base64SourceFields);
                var mediaType = String(Required(source, "media_type", sourcePath), sourcePath + ".media_type");
                if (!ImageMediaTypes.Contains(mediaType))
                {
                    throw new AnthropicRefusal(sourcePath + ".media_type", "must be one of image/jpeg, image/png, image/gif, image/webp.");
                }

                return new ContentPart(ContentPartKinds.Image, MediaType: mediaType, Data: Base64(source, sourcePath));
            case "url":
                return new ContentPart(ContentPartKinds.Image, Uri: Url(source, sourcePath));
            case var other:
                throw new AnthropicRefusal(sourcePath + ".type", $"\"{other}\" is not supported; send the image as base64 or url.");
        }
    }

    private static ContentPart Document(JsonElement block, string path)
    {
        OnlyKnown(block, path, DocumentFields);
        CacheControl(block, path);
        foreach (var member in new[] { "title", "context" })
        {
            if (Optional(block, member) is not null)
            {
                throw new AnthropicRefusal(Join(path, member), "is not carried by Commune; put it in a text block instead.");
            }
        }

        if (Optional(block, "citations") is { } citations)
        {
            Object(citations, path + ".citations");
            if (Optional(citations, "enabled") is { } enabled && Bool(enabled, path + ".citations.enabled"))
            {
                throw new AnthropicRefusal(path + ".citations.enabled", "must be false: Commune does not carry citations.");
            }
        }

        var sourcePath = path + ".source";
        var source = Object(Required(block, "source", path), sourcePath);
        switch (String(Required(source, "type", sourcePath), sourcePath + ".type"))
        {
            case "base64":
                OnlyKnown(source, sourcePath, Base64SourceFields);
                if (String(Required(source, "media_type", sourcePath), sourcePath + ".media_type") != "application/pdf")
                {
                    throw new AnthropicRefusal(sourcePath + ".media_type", "must be application/pdf for a base64 document.");
                }

                return new ContentPart(ContentPartKinds.Document, MediaType: "application/pdf", Data: Base64(source, sourcePath));
            case "text":
                OnlyKnown(source, sourcePath, Base64SourceFields);
                if (String(Required(source, "media_type", sourcePath), sourcePath + ".media_type") != "text/plain")
                {
                    throw new AnthropicRefusal(sourcePath + ".media_type", "must be text/plain for a text document.");
                }

                var text = String(Required(source, "data", sourcePath), sourcePath + ".data");
                return new ContentPart(ContentPartKinds.Document, MediaType: "text/plain", Data: System.Text.Encoding.UTF8.GetBytes(text));
            case "url":
                return new ContentPart(ContentPartKinds.Document, MediaType: "application/pdf", Uri: Url(source, sourcePath));
            case var other:
                throw new AnthropicRefusal(sourcePath + ".type", $"\"{other}\" is not supported; send the document as base64, text or url.");
        }
    }

    private static byte[] Base64(JsonElement source, string path)
    {
        var data = String(Required(source, "data", path), path + ".data", allowEmpty: false);
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw new AnthropicRefusal(path + ".data", "is not valid base64.");
        }
    }

    private static string Url(JsonElement source, string path)
    {
        OnlyKnown(source, path, UrlSourceFields);
        var url = String(Required(source, "url", path), path + ".url");
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? url
            : throw new AnthropicRefusal(path + ".url", "must be an absolute http or https URL.");
    }

    private static string BlockType(JsonElement block, string path) => String(Required(block, "type", path), path + ".type");

    /// <summary>A message's blocks in order: the first, when it is text, becomes the turn's content; all others become parts.</summary>
    private sealed class Blocks
    {
        private readonly List<ContentPart> _parts = [];
        private string? _content;

        public bool IsEmpty => _content is null && _parts.Count == 0;

        public void Add(string text)
        {
            if (IsEmpty)
            {
                _content = text;
            }
            else
            {
                _parts.Add(new ContentPart(ContentPartKinds.Text, Text: text));
            }
        }

        public void Add(ContentPart part)
        {
            _content ??= string.Empty;
            _parts.Add(part);
        }

        public ChatTurn Turn(string role) => new(role, _content ?? string.Empty, _parts.Count > 0 ? _parts : null);
    }
}
