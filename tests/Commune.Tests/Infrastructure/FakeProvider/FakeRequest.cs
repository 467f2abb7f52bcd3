using System.Text.Json;

namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>One request the fake provider received, as the test later inspects it: which protocol, model and keys were used.</summary>
/// <param name="Protocol"><see cref="FakeProtocol.OpenAi"/> or <see cref="FakeProtocol.Anthropic"/>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path, e.g. <c>/v1/chat/completions</c>.</param>
/// <param name="Model">The body's <c>model</c>; empty when the request has none (model listings, unparsable bodies).</param>
/// <param name="Stream">Whether the body asked for <c>"stream": true</c>.</param>
/// <param name="Body">The raw request body.</param>
/// <param name="Authorization">The <c>Authorization</c> header (OpenAI: <c>Bearer …</c>), when sent.</param>
/// <param name="ApiKey">The <c>x-api-key</c> header (Anthropic), when sent.</param>
/// <param name="Headers">Every request header, names in lower case, values joined by commas.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
public sealed record FakeRequest(
    string Protocol,
    string Method,
    string Path,
    string Model,
    bool Stream,
    string Body,
    string? Authorization,
    string? ApiKey,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The body parsed as JSON, or null when it is not JSON.</summary>
    public JsonElement? Json
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
