using System.Text;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// A turn's content in the caller's order, laid out as the chat route lays it out: text before the first image or file is the
/// turn's <see cref="ChatTurn.Content"/>; once an image or file appears every later piece (text included) is a
/// <see cref="ContentPart"/> in its place. Thinking parts (assistant turns) do not end the text: providers take an assistant's
/// reasoning first and its text after, whatever order the items came in.
/// </summary>
internal sealed class ResponsesContent
{
    private readonly List<ContentPart> _parts = [];
    private readonly StringBuilder _content = new();
    private bool _media;

    /// <summary>Whether any text was added (reasoning and images alone do not count).</summary>
    public bool HasText { get; private set; }

    public void Add(string text)
    {
        HasText = true;
        if (_media)
        {
            _parts.Add(new ContentPart(ContentPartKinds.Text, Text: text));
        }
        else
        {
            _content.Append(text);
        }
    }

    public void Add(ContentPart part)
    {
        _media |= part.Kind != ContentPartKinds.Thinking;
        _parts.Add(part);
    }

    public ChatTurn Turn(string role, IReadOnlyList<ToolCall>? toolCalls = null, string? toolCallId = null) =>
        new(role, _content.ToString(), _parts.Count > 0 ? _parts.ToList() : null, toolCalls, toolCallId);
}
