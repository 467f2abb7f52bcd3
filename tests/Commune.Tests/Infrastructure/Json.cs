using System.Text.Json;

namespace Commune.Tests.Infrastructure;

/// <summary>Reads HTTP bodies as JSON documents, failing with the body when it is not JSON.</summary>
public static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Expected JSON from {response.RequestMessage?.RequestUri} ({(int)response.StatusCode}), got: {body}", ex);
        }
    }
}
