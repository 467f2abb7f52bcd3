using System.Text.Unicode;

namespace Commune.Gateway.Validation;

/// <summary>
/// Whether raw text will decode to well-formed UTF-16. System.Text.Json parses a string with a lone surrogate escape or bytes that
/// are not UTF-8 without complaint and only throws when the string is read, which may be long after it was stored.
/// </summary>
public static class UnicodeText
{
    /// <summary>
    /// Why the raw bytes of a JSON string token (between its quotes, as <see cref="System.Text.Json.Utf8JsonReader.ValueSpan"/> gives
    /// them) are not valid Unicode, or null when they are. The token must already be syntactically valid JSON.
    /// </summary>
    public static string? JsonStringProblem(ReadOnlySpan<byte> raw, bool escaped)
    {
        if (!escaped)
        {
            return Utf8.IsValid(raw) ? null : "is not valid UTF-8";
        }

        // A backslash (0x5C) never occurs inside a multi-byte UTF-8 sequence, so the text between escapes can be checked on its own.
        int? pendingHigh = null;
        while (!raw.IsEmpty)
        {
            var slash = raw.IndexOf((byte)'\\');
            var literal = slash < 0 ? raw : raw[..slash];
            if (!literal.IsEmpty)
            {
                if (pendingHigh is { } high)
                {
                    return LoneSurrogate(high);
                }

                if (!Utf8.IsValid(literal))
                {
                    return "is not valid UTF-8";
                }
            }

            if (slash < 0)
            {
                break;
            }

            if (raw[slash + 1] != (byte)'u')
            {
                if (pendingHigh is { } high)
                {
                    return LoneSurrogate(high);
                }

                raw = raw[(slash + 2)..];
                continue;
            }

            var unit = Hex(raw.Slice(slash + 2, 4));
            raw = raw[(slash + 6)..];
            if (char.IsHighSurrogate((char)unit))
            {
                if (pendingHigh is { } high)
                {
                    return LoneSurrogate(high);
                }

                pendingHigh = unit;
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                if (pendingHigh is null)
                {
                    return LoneSurrogate(unit);
                }

                pendingHigh = null;
            }
            else if (pendingHigh is { } high)
            {
                return LoneSurrogate(high);
            }
        }

        return pendingHigh is { } last ? LoneSurrogate(last) : null;
    }

    /// <summary>
    /// Why a percent-encoded URL component (a query name or value as sent, <c>+</c> for space) does not decode to valid UTF-8, or
    /// null when it does. A malformed escape such as <c>%zz</c> is taken literally, as ASP.NET Core's own decoding does.
    /// </summary>
    public static string? UrlComponentProblem(ReadOnlySpan<char> encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                bytes.Add((byte)((HexDigit(encoded[i + 1]) << 4) | HexDigit(encoded[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 >= encoded.Length || !char.IsLowSurrogate(encoded[i + 1]))
                {
                    return LoneSurrogate(c);
                }

                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(encoded.Slice(i, 2).ToArray()));
                i++;
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes([c]));
            }
        }

        return Utf8.IsValid(bytes.ToArray()) ? null : "does not decode to valid UTF-8";
    }

    /// <summary>Why an already decoded string is not valid UTF-16 (a surrogate without its other half), or null when it is.</summary>
    public static string? DecodedProblem(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return LoneSurrogate(text[i]);
            }
        }

        return null;
    }

    private static string LoneSurrogate(int unit) => $"holds a lone surrogate (\\u{unit:x4}), which is not valid Unicode";

    private static int Hex(ReadOnlySpan<byte> four)
    {
        var value = 0;
        foreach (var b in four)
        {
            value = (value << 4) | HexDigit((char)b);
        }

        return value;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexDigit(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
