using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Commune.Gateway.Endpoints;

/// <summary>
/// Reads a JSON body by hand rather than by binding, so a missing content type, malformed JSON or a wrong member type gets a problem
/// that says so (415/400) instead of a route miss or an empty 400.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, string shape, string title = "Invalid body")
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(statusCode: 415, title: "Unsupported media type", detail: $"Send {shape} as application/json."));
        }

        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var body = await request.ReadFromJsonAsync<T>(json, request.HttpContext.RequestAborted);
            return body is null
                ? (null, Results.Problem(statusCode: 400, title: title, detail: $"The body must be a JSON object: {shape}."))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, Results.Problem(statusCode: 400, title: title, detail: $"The body is not valid JSON for {shape}: {ex.Message}"));
        }
    }

    /// <summary>The raw JSON text of an element, or null when absent or JSON null.</summary>
    public static string? Raw(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } e ? e.GetRawText() : null;

    /// <summary>JSON text back to an element for a response (null stays null).</summary>
    public static JsonElement? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}
