using System.Text;
using System.Text.Json;

namespace Commune.Gateway.Validation;

/// <summary>
/// Walks a JSON body once before any endpoint binds it: every string value and property name must decode to valid Unicode and
/// nesting must stay within <see cref="MaxDepth"/>. Syntax errors are not its business: the endpoint's own reader reports those
/// in the words of its route.
/// </summary>
public static class JsonInputValidator
{
    /// <summary>Objects and arrays nested deeper than this are refused (System.Text.Json's own default).</summary>
    public const int MaxDepth = 64;

    /// <summary>The first reason to refuse the body, or null when it is acceptable (or not JSON at all, left to the endpoint).</summary>
    public static InputProblem? Validate(ReadOnlySpan<byte> json)
    {
        // One level of headroom so the depth rule below fires, with a path, before the reader's own limit does.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        if (frames.Count >= MaxDepth)
                        {
                            return InputProblem.Field(Path(frames), $"nests objects and arrays deeper than {MaxDepth} levels");
                        }

                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;

                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        AfterValue(frames);
                        break;

                    case JsonTokenType.PropertyName:
                        if (UnicodeText.JsonStringProblem(reader.ValueSpan, reader.ValueIsEscaped) is { } badName)
                        {
                            return InputProblem.Field(Path(frames), "has a property name that " + badName);
                        }

                        frames[^1].Name = reader.GetString();
                        break;

                    case JsonTokenType.String:
                        if (UnicodeText.JsonStringProblem(reader.ValueSpan, reader.ValueIsEscaped) is { } badValue)
                        {
                            return InputProblem.Field(Path(frames), badValue);
                        }

                        AfterValue(frames);
                        break;

                    default:
                        AfterValue(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The JSONPath of the value the reader is at, e.g. <c>$.payload.items[2]</c>.</summary>
    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.IsArray)
            {
                path.Append('[').Append(frame.Index).Append(']');
            }
            else if (frame.Name is { } name)
            {
                if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    path.Append('.').Append(name);
                }
                else
                {
                    path.Append("['").Append(name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
                }
            }
        }

        return path.ToString();
    }

    private static void AfterValue(List<Frame> frames)
    {
        if (frames.Count > 0)
        {
            var parent = frames[^1];
            if (parent.IsArray)
            {
                parent.Index++;
            }
            else
            {
                parent.Name = null;
            }
        }
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; }

        public string? Name { get; set; }
    }
}
