using System.Buffers;
using System.Text.Json;

namespace Commune.Bench.FakeProvider;

/// <summary>
/// The two things the fake provider reads from a request: the model (its raw, still JSON-escaped bytes, to echo) and
/// whether the caller asked for a stream. Everything else is skipped unread.
/// </summary>
internal static class ChatRequestPeek
{
    private static ReadOnlySpan<byte> ModelProperty => "model"u8;

    private static ReadOnlySpan<byte> StreamProperty => "stream"u8;

    /// <summary>
    /// Reads the body; false when it is not a JSON object or its model does not fit <paramref name="model"/>, which receives
    /// the model's raw bytes (<paramref name="modelLength"/> of them; 0 when the request names none).
    /// </summary>
    public static bool TryRead(ReadOnlySequence<byte> body, Span<byte> model, out int modelLength, out bool stream)
    {
        stream = false;
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
