using System.Text.Json;
using System.Text.Json.Serialization;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>
/// One message. <see cref="Content"/> is a string, null (an assistant turn that only calls tools) or an array of parts: text,
/// <c>image_url</c> (an http(s) or data URL, with <c>detail</c>) and <c>file</c> (a PDF as a data URL in <c>file_data</c>).
/// </summary>
public sealed class ChatCompletionMessage
{
    public string? Role { get; set; }

    public JsonElement Content { get; set; }

    /// <summary>The calls an assistant turn made.</summary>
    public List<ChatToolCallInput?>? ToolCalls { get; set; }

    /// <summary>The call a <c>tool</c> message answers.</summary>
    public string? ToolCallId { get; set; }

    /// <summary>An assistant turn's refusal text, as the SDKs send it back.</summary>
    public string? Refusal { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }
}
