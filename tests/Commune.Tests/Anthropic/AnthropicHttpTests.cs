using System.Net;
using System.Net.Http.Json;
using System.Text;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Anthropic;

/// <summary>The Messages API over plain HTTP, as Claude Code speaks it: the raw event stream and errors in Anthropic's shape.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class AnthropicHttpTests(ModelGatewayFixture fixture)
{
    private HttpClient Http => fixture.Client;

    [Fact]
    public async Task A_missing_max_tokens_is_a_400_invalid_request_error_naming_it()
    {
        using var response = await Http.PostAsJsonAsync("/anthropic/v1/messages", new { model = "an1/anth-never-a", messages = new[] { new { role = "user", content = "hi" } } });
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", body.GetProperty("type").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.StartsWith("max_tokens is required", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, fixture.Fake.CountFor("anth-never-a"));
    }

    [Fact]
    public async Task Malformed_json_and_a_wrong_content_type_are_refused_in_Anthropics_shape()
    {
        using var malformed = await Http.PostAsync("/anthropic/v1/messages", new StringContent("{\"model\": ", Encoding.UTF8, "application/json"));
        using var text = await Http.PostAsync("/anthropic/v1/messages", new StringContent("hi", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("invalid_request_error", (await Json.ReadAsync(malformed)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("error", (await Json.ReadAsync(text)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unknown_route_under_the_api_is_a_not_found_error()
    {
        using var response = await Http.GetAsync("/anthropic/v1/batches");
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_stream_broken_after_its_first_token_ends_with_an_error_event_and_no_message_stop()
    {
        fixture.Fake.Script("anth-cut-a", FakeReply.StreamCut(2));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/anthropic/v1/messages")
        {
            Content = JsonContent.Create(new { model = "anth-cut", max_tokens = 64, stream = true, messages = new[] { new { role = "user", content = "hi" } } }),
        };

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var lines = new List<string>();
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(line);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The gateway aborts the connection after the error event, as it must: a cut answer never looks complete.
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var error = lines.IndexOf("event: error");
        Assert.True(error > 0, string.Join("\n", lines));
        var data = System.Text.Json.JsonDocument.Parse(lines[error + 1]["data: ".Length..]).RootElement;
        Assert.Equal("api_error", data.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("stream_interrupted", data.GetProperty("commune").GetProperty("code").GetString());
        Assert.DoesNotContain("event: message_stop", lines);
        Assert.Contains("event: content_block_delta", lines);
    }

    [Fact]
    public async Task An_image_no_step_can_see_is_a_422_unsupported_feature()
    {
        var png = Convert.ToBase64String([137, 80, 78, 71]);
        using var response = await Http.PostAsJsonAsync("/anthropic/v1/messages", new
        {
            model = "anth-novision",
            max_tokens = 64,
            messages = new[]
            {
                new { role = "user", content = new object[] { new { type = "image", source = new { type = "base64", media_type = "image/png", data = png } } } },
            },
        });
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("invalid_request_error", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("unsupported_feature", body.GetProperty("commune").GetProperty("code").GetString());
        Assert.Equal(0, fixture.Fake.CountFor("anth-novision-a"));
    }

    [Fact]
    public async Task The_raw_stream_is_named_events_with_the_trail_in_headers()
    {
        fixture.Fake.Script("anth-raw-a", FakeReply.Ok("two words"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/anthropic/v1/messages?beta=true")
        {
            Content = JsonContent.Create(new
            {
                model = "anth-raw",
                max_tokens = 64,
                stream = true,
                system = new[] { new { type = "text", text = "be brief", cache_control = new { type = "ephemeral" } } },
                metadata = new { user_id = "claude-code-user" },
                messages = new[] { new { role = "user", content = new[] { new { type = "text", text = "hi" } } } },
            }),
        };

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n')[0]).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("an1", response.Headers.GetValues("x-commune-provider").Single());
        Assert.Equal("anth-raw", response.Headers.GetValues("x-commune-profile").Single());
        Assert.Equal(["event: message_start", "event: ping", "event: content_block_start"], events.Take(3));
        Assert.Equal(["event: content_block_stop", "event: message_delta", "event: message_stop"], events.TakeLast(3));
        var sent = Assert.Single(fixture.Fake.RequestsFor("anth-raw-a")).Json!.Value;
        Assert.Contains("be brief", sent.GetProperty("system").GetRawText(), StringComparison.Ordinal);
    }
}
