using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Commune.Grains.GitHub.Review;

/// <summary>
/// Reads the JSON a reviewer or the validator was asked for out of what a model actually wrote: code fences, prose before and after,
/// an object wrapping the array, numbers as strings. Anything that still is not the asked-for shape is an error for that one run.
/// </summary>
public static class ReviewAnswerParser
{
    public const int MaxTitle = 200;
    public const int MaxDetail = 2_000;
    public const int MaxFocus = 40;

    /// <summary>A reviewer's findings, or an error saying why the answer is unusable. An empty array is a valid "nothing found".</summary>
    public static (IReadOnlyList<CandidateFinding> Findings, string? Error) Findings(string text, string reviewer, string role, int max)
    {
        if (FirstJson(text, "findings", "title") is not { } array)
        {
            return ([], "The answer holds no JSON array of findings.");
        }

        var findings = new List<CandidateFinding>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var title = Text(item, "title") ?? Text(item, "summary") ?? Text(item, "message");
            var detail = Text(item, "detail") ?? Text(item, "details") ?? Text(item, "description") ?? "";
            if (string.IsNullOrWhiteSpace(title))
            {
                if (string.IsNullOrWhiteSpace(detail))
                {
                    continue;
                }

                title = detail;
            }

            var focus = Text(item, "focus") ?? Text(item, "category");
            findings.Add(new CandidateFinding(
                reviewer,
                Cut(string.IsNullOrWhiteSpace(focus) ? role : focus.Trim().ToLowerInvariant(), MaxFocus),
                ReviewSeverity.Normalize(Text(item, "severity")),
                Cut(title.Trim(), MaxTitle),
                Cut(detail.Trim(), MaxDetail),
                ReviewMerger.NormalizePath(Text(item, "path") ?? Text(item, "file")),
                Number(item, "line")));
        }

        // A reviewer that floods the review keeps only its most severe findings.
        return ([.. findings.OrderBy(f => ReviewSeverity.Rank(f.Severity)).Take(max)], null);
    }

    /// <summary>The validator's verdicts by finding id (true confirmed, false rejected), or an error.</summary>
    public static (IReadOnlyDictionary<string, bool> Verdicts, string? Error) Verdicts(string text)
    {
        if (FirstJson(text, "verdicts", "id") is not { } array)
        {
            return (new Dictionary<string, bool>(), "The answer holds no JSON array of verdicts.");
        }

        var verdicts = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || Text(item, "id") is not { } id)
            {
                continue;
            }

            var word = (Text(item, "verdict") ?? Text(item, "decision") ?? "").Trim().ToLowerInvariant();
            bool? confirmed = word switch
            {
                "confirm" or "confirmed" or "valid" or "keep" or "true" => true,
                "reject" or "rejected" or "invalid" or "false_positive" or "false positive" or "drop" => false,
                _ => item.TryGetProperty("confirmed", out var c) && c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : null,
            };
            if (confirmed is { } value)
            {
                verdicts[id.Trim()] = value;
            }
        }

        return (verdicts, null);
    }

    /// <summary>
    /// The first JSON array of objects in the text, or the array under <paramref name="member"/> of an object, or a lone object with
    /// <paramref name="itemKey"/> as a one-element array; anything else (prose like "[1]", broken JSON) is skipped.
    /// </summary>
    public static JsonElement? FirstJson(string text, string member, string itemKey)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var options = new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is not ((byte)'[' or (byte)'{'))
            {
                continue;
            }

            JsonElement value;
            try
            {
                var reader = new Utf8JsonReader(bytes.AsSpan(i), options);
                using var document = JsonDocument.ParseValue(ref reader);
                value = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object):
                    return value;
                case JsonValueKind.Object when value.TryGetProperty(member, out var inner) && inner.ValueKind == JsonValueKind.Array:
                    return inner;
                case JsonValueKind.Object when value.TryGetProperty(itemKey, out _):
                    using (var wrapped = JsonDocument.Parse("[" + value.GetRawText() + "]"))
                    {
                        return wrapped.RootElement.Clone();
                    }
            }
        }

        return null;
    }

    private static string? Text(JsonElement item, string name)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => null,
                };
            }
        }

        return null;
    }

    private static int? Number(JsonElement item, string name) =>
        int.TryParse(Text(item, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
