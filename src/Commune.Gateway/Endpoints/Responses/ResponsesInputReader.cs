using System.Text.Json;
using Commune.Models;
using static Commune.Gateway.Endpoints.Responses.ResponsesJson;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// Reads <c>instructions</c> and <c>input</c> into the conversation. Assistant-side items that follow each other (reasoning, an
/// assistant message, function calls) become one assistant turn: reasoning as thinking parts (its <c>encrypted_content</c> is the
/// provider's signature), then the message text, then the calls. A <c>function_call_output</c> becomes a tool turn answering its
/// <c>call_id</c>, which must name a function call earlier in the input.
/// </summary>
internal static class ResponsesInputReader
{
    public const int MaxItems = 2000;

    private static readonly HashSet<string> MessageFields = ["type", "role", "content", "id", "status"];
    private static readonly HashSet<string> FunctionCallFields = ["type", "id", "call_id", "name", "arguments", "status"];
    private static readonly HashSet<string> FunctionCallOutputFields = ["type", "id", "call_id", "output", "status"];
    private static readonly HashSet<string> ReasoningFields = ["type", "id", "summary", "content", "encrypted_content", "status"];
    private static readonly HashSet<string> SummaryFields = ["type", "text"];

    public static List<ChatTurn> Read(JsonElement input, string? instructions)
    {
        var conversation = new Conversation();
        if (!string.IsNullOrEmpty(instructions))
        {
            conversation.Turns.Add(new ChatTurn("system", instructions));
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            conversation.Turns.Add(new ChatTurn("user", input.GetString()!));
            return conversation.Turns;
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            throw new ResponsesFieldException("input is required: a string, or a non-empty array of input items.");
        }

        if (input.GetArrayLength() > MaxItems)
        {
            throw new ResponsesFieldException($"input has {input.GetArrayLength()} items; at most {MaxItems} are accepted.");
        }

        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            conversation.Add(item, $"input[{i++}]");
        }

        conversation.Flush();
        return conversation.Turns;
    }

    private sealed class Conversation
    {
        private readonly HashSet<string> _callIds = new(StringComparer.Ordinal);
        private readonly List<ToolCall> _calls = [];
        private ResponsesContent? _assistant;
        private string? _reasoningPath;

        public List<ChatTurn> Turns { get; } = [];

        public void Add(JsonElement item, string path)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ResponsesFieldException($"{path} must be an input item object.");
            }

            // An item without a type but with a role is OpenAI's "easy input message".
            var type = String(item, "type", path + ".type") ?? (item.TryGetProperty("role", out _) ? "message" : null)
                ?? throw new ResponsesFieldException($"{path}.type is required (message, function_call, function_call_output or reasoning).");
            switch (type)
            {
                case "message":
                    Message(item, path);
                    break;
                case "function_call":
                    FunctionCall(item, path);
                    break;
                case "function_call_output":
                    FunctionCallOutput(item, path);
                    break;
                case "reasoning":
                    Reasoning(item, path);
                    break;
                case "item_reference":
                    throw new ResponsesFieldException($"{path}.type \"item_reference\" is not supported: Commune keeps no response store; send the item itself.");
                default:
                    throw new ResponsesFieldException(
                        $"{path}.type \"{type}\" is not supported; Commune accepts message, function_call, function_call_output and reasoning items "
                        + "(built-in tool calls such as web_search_call or local_shell_call never come from Commune).");
            }
        }

        public void Flush()
        {
            if (_assistant is null)
            {
                return;
            }

            if (!_assistant.HasText && _calls.Count == 0)
            {
                throw new ResponsesFieldException(
                    $"{_reasoningPath} is a reasoning item with no assistant message or function_call after it; send reasoning just before the output it preceded.");
            }

            Turns.Add(_assistant.Turn("assistant", _calls.Count > 0 ? _calls.ToList() : null));
            _assistant = null;
            _reasoningPath = null;
            _calls.Clear();
        }

        private void Message(JsonElement item, string path)
        {
            OnlyKnown(item, MessageFields, path, "a message item");
            var role = RequiredString(item, "role", path + ".role");
            if (!item.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            {
                throw new ResponsesFieldException($"{path}.content is required: a string or an array of content parts.");
            }

            switch (role)
            {
                case "assistant":
                    if (_assistant is not null && (_assistant.HasText || _calls.Count > 0))
                    {
                        Flush();
                    }

                    _assistant ??= new ResponsesContent();
                    ResponsesContentReader.Read(content, path + ".content", media: false, _assistant);
                    return;
                case "user" or "system" or "developer":
                    Flush();
                    var turn = new ResponsesContent();
                    ResponsesContentReader.Read(content, path + ".content", media: role == "user", turn);
                    Turns.Add(turn.Turn(role == "user" ? "user" : "system"));
                    return;
                default:
                    throw new ResponsesFieldException($"{path}.role must be one of: user, assistant, system, developer.");
            }
        }

        private void FunctionCall(JsonElement item, string path)
        {
            OnlyKnown(item, FunctionCallFields, path, "a function_call item");
            var callId = RequiredString(item, "call_id", path + ".call_id");
            var name = RequiredString(item, "name", path + ".name");
            if (!ModelCallRules.IsToolName(name))
            {
                throw new ResponsesFieldException($"{path}.name must be 1-64 letters, digits, underscores or hyphens.");
            }

            var arguments = RequiredString(item, "arguments", path + ".arguments");
            if (!_callIds.Add(callId))
            {
                throw new ResponsesFieldException($"{path}.call_id \"{callId}\" is used by an earlier function_call; call ids must be unique.");
            }

            _assistant ??= new ResponsesContent();
            _calls.Add(new ToolCall(callId, name, ArgumentsObject(arguments, path + ".arguments")));
        }

        private void FunctionCallOutput(JsonElement item, string path)
        {
            OnlyKnown(item, FunctionCallOutputFields, path, "a function_call_output item");
            var callId = RequiredString(item, "call_id", path + ".call_id");
            if (!_callIds.Contains(callId))
            {
                throw new ResponsesFieldException($"{path}.call_id \"{callId}\" answers no function_call earlier in input.");
            }

            if (!item.TryGetProperty("output", out var output) || output.ValueKind == JsonValueKind.Null)
            {
                throw new ResponsesFieldException($"{path}.output is required: a string or an array of content parts.");
            }

            Flush();
            var result = new ResponsesContent();
            ResponsesContentReader.Read(output, path + ".output", media: true, result);
            Turns.Add(result.Turn("tool", toolCallId: callId));
        }

        private void Reasoning(JsonElement item, string path)
        {
            OnlyKnown(item, ReasoningFields, path, "a reasoning item");
            var text = ReasoningText(item, path);
            var signature = String(item, "encrypted_content", path + ".encrypted_content");
            if (_assistant is not null && (_assistant.HasText || _calls.Count > 0))
            {
                Flush();
            }

            if (_assistant is null)
            {
                _assistant = new ResponsesContent();
                _reasoningPath = path;
            }

            // An item with neither text nor signature carries nothing a provider could take back.
            if (text.Length > 0 || signature is not null)
            {
                _assistant.Add(new ContentPart(ContentPartKinds.Thinking, Text: text.Length > 0 ? text : null, Signature: signature));
            }
        }

        /// <summary>The full reasoning text (<c>content</c> reasoning_text parts) when sent, otherwise the summary texts.</summary>
        private static string ReasoningText(JsonElement item, string path)
        {
            var content = Texts(Array(item, "content", path + ".content"), path + ".content", "reasoning_text");
            var summary = Texts(Array(item, "summary", path + ".summary"), path + ".summary", "summary_text");
            return content.Count > 0 ? string.Concat(content) : string.Join("\n\n", summary);
        }

        private static List<string> Texts(JsonElement? parts, string path, string type)
        {
            var texts = new List<string>();
            if (parts is not { } array)
            {
                return texts;
            }

            var i = 0;
            foreach (var part in array.EnumerateArray())
            {
                var at = $"{path}[{i++}]";
                if (part.ValueKind != JsonValueKind.Object || String(part, "type", at + ".type") is not { } partType || (partType != type && partType != "text"))
                {
                    throw new ResponsesFieldException($"{at} must be {{\"type\": \"{type}\", \"text\": \"…\"}}.");
                }

                OnlyKnown(part, SummaryFields, at, "a reasoning part");
                texts.Add(RequiredString(part, "text", at + ".text"));
            }

            return texts;
        }

        /// <summary>The arguments as JSON object text; an empty string is a call without arguments.</summary>
        private static string ArgumentsObject(string arguments, string path)
        {
            if (string.IsNullOrWhiteSpace(arguments))
            {
                return "{}";
            }

            try
            {
                using var document = JsonDocument.Parse(arguments);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    ? arguments
                    : throw new ResponsesFieldException($"{path} must be a JSON object encoded as a string.");
            }
            catch (JsonException)
            {
                throw new ResponsesFieldException($"{path} is not valid JSON; it must be a JSON object encoded as a string.");
            }
        }
    }
}
