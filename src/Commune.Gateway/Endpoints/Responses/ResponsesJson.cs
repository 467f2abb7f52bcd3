using System.Text.Json;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>Typed reads of optional members of a Responses body; a member of the wrong type fails naming its path.</summary>
internal static class ResponsesJson
{
    /// <summary>The member, or null when it is absent or JSON null (OpenAI treats both as "not set").</summary>
    public static JsonElement? Member(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? String(JsonElement obj, string name, string path) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        _ => throw new ResponsesFieldException($"{path} must be a string."),
    };

    public static string RequiredString(JsonElement obj, string name, string path) =>
        String(obj, name, path) ?? throw new ResponsesFieldException($"{path} is required (a string).");

    public static bool? Bool(JsonElement obj, string name, string path) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new ResponsesFieldException($"{path} must be true or false."),
    };

    public static double? Number(JsonElement obj, string name, string path, double min, double max)
    {
        if (Member(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            throw new ResponsesFieldException($"{path} must be a number between {min} and {max}.");
        }

        return number;
    }

    public static int? Integer(JsonElement obj, string name, string path, int min, int max)
    {
        if (Member(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            throw new ResponsesFieldException($"{path} must be an integer between {min} and {max}.");
        }

        return number;
    }

    public static JsonElement? Object(JsonElement obj, string name, string path) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } o => o,
        _ => throw new ResponsesFieldException($"{path} must be an object."),
    };

    public static JsonElement? Array(JsonElement obj, string name, string path) => Member(obj, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } a => a,
        _ => throw new ResponsesFieldException($"{path} must be an array."),
    };

    /// <summary>Fails naming every member of <paramref name="obj"/> that is not in <paramref name="known"/>.</summary>
    public static void OnlyKnown(JsonElement obj, IReadOnlySet<string> known, string path, string what)
    {
        var unknown = obj.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            var prefix = path.Length == 0 ? string.Empty : path + ".";
            throw new ResponsesFieldException(
                $"Unknown field{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(n => prefix + n))} in {what}; "
                + "Commune refuses fields it would otherwise ignore (docs/api.md lists what /v1/responses accepts).");
        }
    }
}
