using Commune.Models;

namespace Commune.Providers.Catalog;

/// <summary>
/// What a call needs of a model beyond plain text, each with the request field that needs it, so a step that cannot honour it is skipped
/// with the reason and a chain none of whose steps can is refused naming the field.
/// </summary>
public sealed record CallNeeds(bool Tools, bool Vision, bool Documents, bool JsonMode, bool JsonSchema, bool Prefill, bool Thinking)
{
    public static CallNeeds Of(ModelCall call)
    {
        var turns = call.Messages;
        var parts = turns.SelectMany(t => t.Parts ?? []).ToList();
        var last = turns.Count > 0 ? turns[^1] : null;
        return new CallNeeds(
            Tools: (call.Tools is { Count: > 0 } && call.ToolChoice?.Mode != ToolChoiceModes.None)
                   || turns.Any(t => t.Role == "tool" || t.ToolCalls is { Count: > 0 }),
            Vision: parts.Any(p => p.Kind == ContentPartKinds.Image),
            Documents: parts.Any(p => p.Kind == ContentPartKinds.Document),
            JsonMode: call.ResponseFormat?.Kind == ResponseFormatKinds.JsonObject,
            JsonSchema: call.ResponseFormat?.Kind == ResponseFormatKinds.JsonSchema,
            Prefill: last is { Role: "assistant", ToolCalls: null or { Count: 0 } } && last.Content.Length > 0,
            Thinking: call.ThinkingBudget is > 0);
    }

    /// <summary>The request fields this model cannot honour (empty when it can take the call). Thinking only degrades, it never skips.</summary>
    public IReadOnlyList<string> Unmet(ModelPrice model)
    {
        var unmet = new List<string>();
        if (Tools && !model.Tools)
        {
            unmet.Add("tools");
        }

        if (Vision && !model.Vision)
        {
            unmet.Add("image content");
        }

        if (Documents && !model.Documents)
        {
            unmet.Add("document content");
        }

        if (JsonMode && !model.JsonMode)
        {
            unmet.Add("response_format json_object");
        }

        if (JsonSchema && !model.JsonSchema)
        {
            unmet.Add("response_format json_schema");
        }

        if (Prefill && !model.Prefill)
        {
            unmet.Add("a final assistant message (prefill)");
        }

        return unmet;
    }
}
