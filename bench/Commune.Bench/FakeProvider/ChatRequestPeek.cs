using System.Buffers;
using System.Text.Json;

namespace Commune.Bench.FakeProvider;

/// <summary>
/// The three things the fake provider reads from a request: the model (its raw, still JSON-escaped bytes, to echo), whether the
/// caller asked for a stream, and whether it offered tools (then the answer is a tool call). Everything else is skipped unread.
/// </summary>
internal static class ChatRequestPeek
{
    private static ReadOnlySpan<byte> ModelProperty => "model"u8;

    private static ReadOnlySpan<byte> StreamProperty => "stream"u8;

    private static ReadOnlySpan<byte> ToolsProperty => "tools"u8;

    /// <summary>
    /// Reads the body; false when it is not a JSON object or its model does not fit <paramref name="model"/>, which receives
    /// the model's raw bytes (<paramref name="modelLength"/> of them; 0 when the request names none).
    /// </summary>
    public static bool TryRead(ReadOnlySequence<byte> body, Span<byte> model, out int modelLength, out bool stream, out bool tools)
    {
        stream = false;
        tools = false;
        modelLength = 0;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isModel = reader.ValueTextEquals(ModelProperty);
                var isStream = reader.ValueTextEquals(StreamProperty);
                var isTools = reader.ValueTextEquals(ToolsProperty);
                reader.Read();
                if (isModel && reader.TokenType == JsonTokenType.String)
                {
                    var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                    if (length > model.Length)
                    {
                        return false;
                    }

                    if (reader.HasValueSequence)
                    {
                        reader.ValueSequence.CopyTo(model);
                    }
                    else
                    {
                        reader.ValueSpan.CopyTo(model);
                    }

                    modelLength = (int)length;
                }
                else if (isStream)
                {
                    stream = reader.TokenType == JsonTokenType.True;
                }
                else if (isTools)
                {
                    tools = reader.TokenType == JsonTokenType.StartArray;
                    reader.Skip();
                }
                else
                {
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
