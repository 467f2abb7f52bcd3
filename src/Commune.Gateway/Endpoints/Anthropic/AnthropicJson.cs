using System.Text.Json;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>Typed reads of a Messages request's members; a wrong type throws an <see cref="AnthropicRefusal"/> naming the member.</summary>
internal static class AnthropicJson
{
    /// <summary>The member, or null when it is absent or JSON null (both mean "not given" in Anthropic's API).</summary>
    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement Required(JsonElement obj, string name, string path) =>
        Optional(obj, name) ?? throw new AnthropicRefusal(Join(path, name), "is required.");

    public static string String(JsonElement value, string path, bool allowEmpty = true)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new AnthropicRefusal(path, $"must be a string, not {Describe(value)}.");
        }

        var text = value.GetString()!;
        return allowEmpty || text.Length > 0 ? text : throw new AnthropicRefusal(path, "must not be empty.");
    }

    public static bool Bool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new AnthropicRefusal(path, $"must be true or false, not {Describe(value)}."),
    };

    public static double Number(JsonElement value, string path, double min, double max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            throw new AnthropicRefusal(path, $"must be a number between {min} and {max}.");
        }

        return number;
    }

    public static int Integer(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number) || number < min || number > max)
        {
            throw new AnthropicRefusal(path, $"must be an integer between {min} and {max}.");
        }

        return (int)number;
    }

    public static JsonElement Object(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? value : throw new AnthropicRefusal(path, $"must be an object, not {Describe(value)}.");

    public static JsonElement Array(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array ? value : throw new AnthropicRefusal(path, $"must be an array, not {Describe(value)}.");

    /// <summary>Refuses any member of <paramref name="obj"/> not in <paramref name="known"/>: nothing the caller sends is dropped unread.</summary>
    public static void OnlyKnown(JsonElement obj, string path, IReadOnlySet<string> known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw new AnthropicRefusal(Join(path, property.Name),
                    $"is not supported here (accepted: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
            }
        }
    }

    /// <summary>
    /// Accepts a prompt-caching hint and ignores it on purpose: Commune's chains may answer from any provider, so it passes no cache
    /// hints on (docs/api.md says so). Only a well-formed hint is accepted, so a typo still fails loudly.
    /// </summary>
    public static void CacheControl(JsonElement obj, string path)
    {
        if (Optional(obj, "cache_control") is not { } hint)
        {
            return;
        }

        var at = Join(path, "cache_control");
        Object(hint, at);
        OnlyKnown(hint, at, CacheControlFields);
        if (String(Required(hint, "type", at), at + ".type") != "ephemeral")
        {
            throw new AnthropicRefusal(at + ".type", "must be \"ephemeral\".");
        }

        if (Optional(hint, "ttl") is { } ttl && String(ttl, at + ".ttl") is not ("5m" or "1h"))
        {
            throw new AnthropicRefusal(at + ".ttl", "must be \"5m\" or \"1h\".");
        }
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static readonly HashSet<string> CacheControlFields = ["type", "ttl"];

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
