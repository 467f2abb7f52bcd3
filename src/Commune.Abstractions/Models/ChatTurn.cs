namespace Commune.Models;

/// <summary>
/// One message of a conversation sent to a model. <see cref="Role"/> is system, user, assistant or tool. <see cref="Content"/> is the
/// message's text (empty when it carries only parts or tool calls); <see cref="Parts"/> holds non-text content (images, documents) in
/// order, <see cref="ToolCalls"/> the calls an assistant turn asked for, and a tool turn names the call it answers in
/// <see cref="ToolCallId"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.ChatTurn")]
public sealed record ChatTurn(
    [property: Id(0)] string Role,
    [property: Id(1)] string Content,
    [property: Id(2)] IReadOnlyList<ContentPart>? Parts = null,
    [property: Id(3)] IReadOnlyList<ToolCall>? ToolCalls = null,
    [property: Id(4)] string? ToolCallId = null,
    [property: Id(5)] bool IsError = false);
