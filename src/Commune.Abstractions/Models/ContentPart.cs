namespace Commune.Models;

/// <summary>
/// A non-text part of a message, in the order the caller sent it. <see cref="Kind"/> is one of <see cref="ContentPartKinds"/>. A part
/// carries either inline bytes (<see cref="Data"/> with <see cref="MediaType"/>, from a data URL or a base64 block) or a
/// <see cref="Uri"/> the provider fetches itself; <see cref="Text"/> is a text part placed between other parts. A thinking part (an
/// assistant turn's earlier reasoning, sent back so a provider can continue a tool loop) carries its text and the provider's
/// <see cref="Signature"/>; a redacted one carries only the signature.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.ContentPart")]
public sealed record ContentPart(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] string? Uri = null,
    [property: Id(3)] string? MediaType = null,
    [property: Id(4)] byte[]? Data = null,
    [property: Id(5)] string? Detail = null,
    [property: Id(6)] string? Signature = null);

/// <summary>The kinds of <see cref="ContentPart"/>.</summary>
public static class ContentPartKinds
{
    public const string Text = "text";

    public const string Image = "image";

    /// <summary>A PDF or plain-text document (Anthropic document blocks, OpenAI file parts).</summary>
    public const string Document = "document";

    /// <summary>Reasoning of an earlier assistant turn (Anthropic thinking / redacted_thinking blocks), with its signature.</summary>
    public const string Thinking = "thinking";
}
