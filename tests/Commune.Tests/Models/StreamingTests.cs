using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Models;

/// <summary>Server-sent events through the gateway: failover before the first token, explicit errors after it.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class StreamingTests(ModelGatewayFixture fixture)
{
    private FakeProviderServer Fake => fixture.Fake;

    /// <summary>Reads the whole SSE body; <c>Broken</c> is true when the connection ended abnormally.</summary>
    private async Task<(HttpResponseMessage Response, List<string> Events, bool Broken)> StreamAsync(string profile)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(ModelGatewayFixture.Chat(profile, stream: true)),
        };
        var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = new List<string>();
        var broken = false;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var current = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Length == 0)
                {
                    if (current.Length > 0)
                    {
                        events.Add(current.ToString());
                        current.Clear();
                    }

                    continue;
                }

                current.Append(line).Append('\n');
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            broken = true;
        }

        return (response, events, broken);
    }

    private static IEnumerable<JsonElement> Chunks(List<string> events) =>
        events.Where(e => e.StartsWith("data: {", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.Clone());

    private static string Text(List<string> events) => string.Concat(Chunks(events)
        .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
        .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
        .Where(d => d.TryGetProperty("content", out _))
        .Select(d => d.GetProperty("content").GetString()));

    [Fact]
    public async Task A_stream_delivers_the_text_usage_trail_and_done()
    {
        Fake.Script("s-ok-a", FakeReply.Ok("one two three four", promptTokens: 9, completionTokens: 4));

        var (response, events, broken) = await StreamAsync("s-ok");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.False(broken);
        Assert.Equal("one two three four", Text(events));
        Assert.Equal("data: [DONE]\n", events[^1]);
        var usage = Chunks(events).Last();
        Assert.Equal(13, usage.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("oa1", usage.GetProperty("commune").GetProperty("provider").GetString());
        Assert.Equal("oa1", response.Headers.GetValues("x-commune-provider").Single());
    }

    [Fact]
    public async Task An_Anthropic_stream_is_translated_to_OpenAI_chunks()
    {
        Fake.Script("s-anthropic-a", FakeReply.Ok("from claude"));

        var (response, events, broken) = await StreamAsync("s-anthropic");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(broken);
        Assert.Equal("from claude", Text(events));
        Assert.Equal("data: [DONE]\n", events[^1]);
    }

    [Fact]
    public async Task A_failure_before_the_first_token_fails_over_to_the_next_step()
    {
        Fake.Script("s-early-a", FakeReply.Overloaded());

        var (response, events, broken) = await StreamAsync("s-early");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(broken);
        Assert.Equal("an1", response.Headers.GetValues("x-commune-provider").Single());
        Assert.Equal("fake answer", Text(events).Trim());
        var attempts = Chunks(events).Last().GetProperty("commune").GetProperty("attempts");
        Assert.Equal("overloaded", attempts[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_slow_first_token_beyond_the_step_timeout_fails_over()
    {
        Fake.Script("s-slow-a", FakeReply.SlowFirstToken(TimeSpan.FromSeconds(10)));

        var (response, events, _) = await StreamAsync("s-slow");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("an1", response.Headers.GetValues("x-commune-provider").Single());
        var attempts = Chunks(events).Last().GetProperty("commune").GetProperty("attempts");
        Assert.Equal("timeout", attempts[0].GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData("s-cut", "stream_cut")]
    [InlineData("s-stall", "stream_stall")]
    [InlineData("s-malformed", "stream_malformed")]
    public async Task A_fault_after_the_first_token_ends_with_an_error_event_and_no_done(string profile, string outcome)
    {
        var model = profile + "-a";
        Fake.Script(model, profile switch
        {
            "s-cut" => FakeReply.StreamCut(2),
            "s-stall" => FakeReply.StreamStall(2, TimeSpan.FromSeconds(5)),
            _ => FakeReply.MalformedChunk(2),
        });

        var (response, events, broken) = await StreamAsync(profile);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = string.Join(" | ", events);
        Assert.True(broken, "The response must end abnormally so no client mistakes it for a complete answer: " + seen);
        Assert.DoesNotContain("data: [DONE]\n", events);
        var error = Assert.Single(events, e => e.StartsWith("event: error", StringComparison.Ordinal));
        var payload = JsonDocument.Parse(error[(error.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement;
        Assert.Equal("stream_interrupted", payload.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(outcome, payload.GetProperty("commune").GetProperty("attempts")[0].GetProperty("outcome").GetString());
        Assert.DoesNotContain(events, e => e.Contains("not json", StringComparison.Ordinal));
        Assert.Equal(0, Fake.CountFor(profile + "-b"));
    }

    [Fact]
    public async Task A_stream_that_ends_without_done_is_finalised_promptly_with_its_usage()
    {
        Fake.Script("s-nodone-a", FakeReply.NoDone());

        var started = DateTime.UtcNow;
        var (response, events, broken) = await StreamAsync("s-nodone");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(broken);
        Assert.Equal("data: [DONE]\n", events[^1]);
        Assert.True(Chunks(events).Last().TryGetProperty("usage", out _));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5));
    }
}
