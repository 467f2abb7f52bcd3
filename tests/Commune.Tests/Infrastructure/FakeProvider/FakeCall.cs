using System.Text.Json;

namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>What the fake needs to know about a chat request to shape its answer.</summary>
/// <param name="Model">The requested model, echoed in every answer.</param>
/// <param name="Stream">Whether the request asked for a stream.</param>
/// <param name="IncludeUsage">OpenAI <c>stream_options.include_usage</c>: a final usage chunk is expected.</param>
/// <param name="Thinking">Anthropic <c>thinking.type</c> is <c>enabled</c> (or <c>adaptive</c>): a thinking block comes first.</param>
internal sealed record FakeCall(string Model, bool Stream, bool IncludeUsage, bool Thinking)
{
    /// <summary>Reads the fields the fake reacts to; unknown or missing fields take their defaults.</summary>
    public static FakeCall From(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return new FakeCall("", false, false, false);
        }

        var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = body.TryGetProperty("stream_options", out var options)
            && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("include_usage", out var usage)
            && usage.ValueKind == JsonValueKind.True;
        var thinking = body.TryGetProperty("thinking", out var t)
            && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("type", out var type)
            && type.ValueKind == JsonValueKind.String
            && type.GetString() is "enabled" or "adaptive";
        return new FakeCall(model, stream, includeUsage, thinking);
    }
}
