using Commune.Models;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// A turn's content in the caller's order, laid out as the Anthropic reader lays it out: the first piece, when it is text, is the
/// turn's <see cref="ChatTurn.Content"/>; every later piece (text, image, document, thinking) is a <see cref="ContentPart"/>, so text
/// between images and reasoning before text keep their places whichever way a provider lays content out.
/// </summary>
internal sealed class ResponsesContent
{
    private readonly List<ContentPart> _parts = [];
    private string? _content;

    public bool IsEmpty => _content is null && _parts.Count == 0;

    /// <summary>Whether any text was added (reasoning and images alone do not count).</summary>
    public bool HasText { get; private set; }

    public void Add(string text)
    {
        HasText = true;
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

    public ChatTurn Turn(string role, IReadOnlyList<ToolCall>? toolCalls = null, string? toolCallId = null) =>
        new(role, _content ?? string.Empty, _parts.Count > 0 ? _parts.ToList() : null, toolCalls, toolCallId);
}
