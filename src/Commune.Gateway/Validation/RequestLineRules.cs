namespace Commune.Gateway.Validation;

/// <summary>
/// Rules for the parts of a request outside its body: path parameters (ids become grain keys, and a blank key makes the grain call
/// throw) and query parameters (free text that may be stored or echoed).
/// </summary>
public static class RequestLineRules
{
    /// <summary>Why a path parameter's decoded value is refused, or null: it must hold something printable.</summary>
    public static InputProblem? PathParameter(string name, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return InputProblem.Parameter("Invalid path", name, $"The path parameter '{name}' is blank; send a non-blank id.");
        }

        if (value.Any(char.IsControl))
        {
            return InputProblem.Parameter("Invalid path", name, $"The path parameter '{name}' must be printable: it holds a control character.");
        }

        // Route values arrive decoded (a '%' in them is text), so only the pairing of surrogates is left to check.
        return UnicodeText.DecodedProblem(value) is { } reason
            ? InputProblem.Parameter("Invalid path", name, $"The path parameter '{name}' {reason}.")
            : null;
    }

    /// <summary>
    /// The first query parameter, in the raw (still percent-encoded) query string, whose name or value does not decode to valid
    /// UTF-8; ASP.NET Core would otherwise hand such a value to the endpoint still percent-encoded, as if it were text.
    /// </summary>
    public static InputProblem? Query(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return null;
        }

        var position = 0;
        foreach (var pair in rawQuery.TrimStart('?').Split('&'))
        {
            position++;
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawName = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? "" : pair[(equals + 1)..];
            if (UnicodeText.UrlComponentProblem(rawName) is { } badName)
            {
                var location = $"query parameter {position}";
                return InputProblem.Parameter("Invalid query", location, $"The name of {location} {badName}.");
            }

            if (UnicodeText.UrlComponentProblem(rawValue) is { } badValue)
            {
                var name = Uri.UnescapeDataString(rawName.Replace('+', ' '));
                return InputProblem.Parameter("Invalid query", name, $"The query parameter '{name}' {badValue}.");
            }
        }

        return null;
    }

    /// <summary>
    /// Why a JSON content type is refused, or null: System.Text.Json reads UTF-8 (and transcodes only what .NET knows), so any other
    /// declared charset is 415 rather than an exception from the reader.
    /// </summary>
    public static InputProblem? Charset(string? charset)
    {
        if (charset is null)
        {
            return null;
        }

        var name = charset.Trim().Trim('"');
        return name.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || name.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : InputProblem.UnsupportedMediaType(
                $"Content-Type declares charset '{name}'; JSON bodies must be UTF-8 (send charset=utf-8 or no charset).");
    }
}
