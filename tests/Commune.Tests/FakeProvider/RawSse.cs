using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.FakeProvider;

/// <summary>One line of a response body and when it arrived, counted from the request.</summary>
internal sealed record SseLine(string Text, TimeSpan At);

/// <summary>What a raw HTTP client saw of a streamed answer: every line, and the exception that ended the read, if any.</summary>
internal sealed record SseRead(HttpResponseMessage Response, IReadOnlyList<SseLine> Lines, Exception? Error, TimeSpan HeadersAt, TimeSpan EndedAt)
{
    public IEnumerable<string> Data => Lines.Where(l => l.Text.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l.Text[6..]);

    public IEnumerable<string> Events => Lines.Where(l => l.Text.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l.Text[7..]);

    /// <summary>The answer text the content events carry, skipping lines that are not JSON.</summary>
    public string Text(string protocol)
    {
        var text = new StringBuilder();
        foreach (var data in Data)
        {
            JsonElement json;
            try
            {
                using var document = JsonDocument.Parse(data);
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            if (protocol == FakeProtocol.OpenAi
                && json.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                && choices[0].GetProperty("delta").TryGetProperty("content", out var content))
            {
                text.Append(content.GetString());
            }
            else if (protocol == FakeProtocol.Anthropic
                && json.GetProperty("type").GetString() == "content_block_delta"
                && json.GetProperty("delta").GetProperty("type").GetString() == "text_delta")
            {
                text.Append(json.GetProperty("delta").GetProperty("text").GetString());
            }
        }

        return text.ToString();
    }
}

/// <summary>Chat requests as the protocols define them, sent with a bare <see cref="HttpClient"/> to see the wire itself.</summary>
internal static class RawSse
{
    public static HttpRequestMessage Chat(FakeProviderServer fake, string protocol, string model, bool stream, bool thinking = false)
    {
        if (protocol == FakeProtocol.OpenAi)
        {
            var openAi = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "v1/chat/completions"))
            {
                Content = Json(new Dictionary<string, object>
                {
                    ["model"] = model,
                    ["stream"] = stream,
                    ["stream_options"] = new Dictionary<string, object> { ["include_usage"] = true },
                    ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = "hi" } },
                }),
            };
            openAi.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-raw");
            return openAi;
        }

        var body = new Dictionary<string, object>
        {
            ["model"] = model,
            ["max_tokens"] = 2048,
            ["stream"] = stream,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = "hi" } },
        };
        if (thinking)
        {
            body["thinking"] = new Dictionary<string, object> { ["type"] = "enabled", ["budget_tokens"] = 1024 };
        }

        var anthropic = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "v1/messages")) { Content = Json(body) };
        anthropic.Headers.Add("x-api-key", "sk-ant-raw");
        anthropic.Headers.Add("anthropic-version", "2023-06-01");
        return anthropic;
    }

    /// <summary>Sends the request and reads the body line by line until it ends or fails.</summary>
    public static async Task<SseRead> ReadAsync(HttpClient client, HttpRequestMessage request)
    {
        var watch = Stopwatch.StartNew();
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var headersAt = watch.Elapsed;
        var lines = new List<SseLine>();
        Exception? error = null;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            using var reader = new StreamReader(body, Encoding.UTF8);
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(new SseLine(line, watch.Elapsed));
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            error = e;
        }

        return new SseRead(response, lines, error, headersAt, watch.Elapsed);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
