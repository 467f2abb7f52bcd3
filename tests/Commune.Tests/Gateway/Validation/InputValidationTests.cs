using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway.Validation;

/// <summary>
/// Input the gateway refuses before any endpoint or grain sees it, over real HTTP: a problem body that names what was wrong, never a
/// 500 and never stored.
/// </summary>
[Collection(AgentGatewayCollection.Name)]
public sealed class InputValidationTests(AgentGatewayFixture fixture)
{
    private HttpClient Http => fixture.Gateway.Client;

    [Theory]
    [InlineData("POST", "/v1/tasks")]
    [InlineData("POST", "/v1/tasks/batch")]
    [InlineData("POST", "/v1/pipelines")]
    [InlineData("POST", "/v1/agents")]
    [InlineData("PUT", "/v1/agents/someone/status")]
    [InlineData("POST", "/v1/messages")]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("POST", "/v1/coordination/mi")]
    [InlineData("POST", "/v1/sessions")]
    [InlineData("PUT", "/v1/budgets/key/someone")]
    [InlineData("POST", "/v1/votes")]
    public async Task A_json_body_with_a_charset_other_than_utf8_is_415_on_every_json_route(string method, string route)
    {
        foreach (var charset in new[] { "bogus", "utf-16" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), route) { Content = new StringContent("{}") };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/json; charset={charset}");
            using var response = await Http.SendAsync(request);

            var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
            Assert.Equal("Content-Type", problem.GetProperty("header").GetString());
            Assert.Contains($"charset '{charset}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/v1/tasks", """{"title": "t", "input": {"text": "\ud800"}}""", "$.input.text")]
    [InlineData("/v1/tasks", """{"title": "\udc00"}""", "$.title")]
    [InlineData("/v1/tasks/batch", """{"tasks": [{"title": "a"}, {"title": "b", "input": ["\ud800 x"]}]}""", "$.tasks[1].input[0]")]
    [InlineData("/v1/pipelines", """{"title": "p", "stages": [{"role": "r"}], "input": {"k": "\ud800"}}""", "$.input.k")]
    [InlineData("/v1/agents", """{"name": "n", "role": "r", "capabilities": ["\ud800"]}""", "$.capabilities[0]")]
    [InlineData("/v1/coordination/mi", """{"x": ["a", "\ud800"], "y": ["a", "b"]}""", "$.x[1]")]
    [InlineData("/v1/coordination/tdmi", """{"x": ["a", "b"], "y": ["\udc00", "b"]}""", "$.y[0]")]
    [InlineData("/v1/coordination/pid", """{"sources": [["a"], ["\ud800"]], "target": ["a"]}""", "$.sources[1][0]")]
    [InlineData("/v1/coordination/significance", """{"measure": "mi", "x": ["a", "b"], "y": ["a", "\ud800"]}""", "$.y[1]")]
    [InlineData("/v1/chat/completions", """{"model": "m", "messages": [{"role": "user", "content": "hi \ud800"}]}""", "$.messages[0].content")]
    [InlineData("/v1/tasks", """{"title": "t", "input": {"\ud800": 1}}""", "$.input")]
    public async Task A_lone_surrogate_in_a_body_is_400_naming_the_field(string route, string json, string path)
    {
        using var response = await Http.PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(path, problem.GetProperty("field").GetString());
        Assert.StartsWith(path + " ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/tasks", "{\"title\": \"t\", \"input\": {\"text\": \"", "$.input.text")]
    [InlineData("/v1/coordination/mi", "{\"y\": [\"a\", \"b\"], \"x\": [\"a\", \"", "$.x[1]")]
    [InlineData("/v1/messages", "{\"from\": \"a\", \"type\": \"direct\", \"to_agent\": \"b\", \"payload\": {\"text\": \"", "$.payload.text")]
    public async Task Bytes_that_are_not_utf8_in_a_body_are_400_naming_the_field(string route, string head, string path)
    {
        var tail = path.EndsWith(']') ? "\"]}" : "\"}}";
        byte[] body = [.. Encoding.UTF8.GetBytes(head), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(tail)];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await Http.PostAsync(route, content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(path, problem.GetProperty("field").GetString());
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_nested_deeper_than_64_levels_is_400_and_64_levels_are_read_as_usual()
    {
        var id = TaskApi.NewPrefix("deep");
        string Body(int depth) => $$"""{"id": "{{id}}", "title": "deep", "input": {{new string('[', depth - 1)}}{{new string(']', depth - 1)}}}""";

        using var deep = await Http.PostAsync("/v1/tasks", new StringContent(Body(65), Encoding.UTF8, "application/json"));
        var problem = await ProblemAsync(deep, HttpStatusCode.BadRequest);
        Assert.Contains("deeper than 64 levels", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("$.input[0]", problem.GetProperty("field").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/tasks/{id}")).StatusCode);

        // 64 levels pass this rule and reach the endpoint; System.Text.Json's own depth limit then decides (a 400 of the route).
        using var limit = await Http.PostAsync("/v1/tasks", new StringContent(Body(64), Encoding.UTF8, "application/json"));
        Assert.True((int)limit.StatusCode < 500, $"{(int)limit.StatusCode}: {await limit.Content.ReadAsStringAsync()}");
        Assert.False((await Json.ReadAsync(limit)).TryGetProperty("field", out _));
        if (limit.StatusCode == HttpStatusCode.Created)
        {
            using var read = await Http.GetAsync($"/v1/tasks/{id}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
    }

    [Theory]
    [InlineData("/v1/tasks?tag=%ED%A0%80", "tag")]
    [InlineData("/v1/tasks?status=pending&tag=%FF", "tag")]
    [InlineData("/v1/agents?role=%C3", "role")]
    [InlineData("/v1/tasks/next?agent_id=%ED%B0%80", "agent_id")]
    [InlineData("/v1/events?task=%F8%88%80%80%80", "task")]
    [InlineData("/v1/coordination/report?team=%ED%A0%80", "team")]
    public async Task A_query_value_that_is_not_utf8_is_400_naming_the_parameter(string path, string parameter)
    {
        using var response = await Http.GetAsync(path);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains($"'{parameter}'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/tasks/%20")]
    [InlineData("GET", "/v1/agents/%20")]
    [InlineData("GET", "/v1/pipelines/%20")]
    [InlineData("POST", "/v1/agents/%20/heartbeat")]
    [InlineData("GET", "/v1/tasks/%0A")]
    [InlineData("POST", "/v1/tasks/%09/claim")]
    [InlineData("GET", "/v1/agents/%20%20/messages")]
    [InlineData("GET", "/v1/votes/%20")]
    [InlineData("GET", "/v1/sessions/%20")]
    public async Task A_blank_path_id_is_400_naming_the_parameter(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Http.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("id", problem.GetProperty("parameter").GetString());
        Assert.Contains("'id' is blank", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("é", "%C3%A9")]
    [InlineData("\u007f", "%7F")]
    [InlineData("\uffff", "%EF%BF%BF")]
    [InlineData("x\ny", "x%0Ay")]
    public async Task A_chat_model_that_is_not_printable_ascii_is_an_unknown_model_with_its_header_encoded(string model, string header)
    {
        using var response = await ChatAsync(JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = "hi" } } }));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("model_not_found", problem.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(model, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(header, Assert.Single(response.Headers.GetValues("x-commune-profile")));
    }

    [Fact]
    public async Task A_blank_chat_model_is_400_naming_model()
    {
        using var response = await ChatAsync("""{"model": "\n", "messages": [{"role": "user", "content": "hi"}]}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("model is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_chat_message_is_400_naming_its_index()
    {
        using var response = await ChatAsync("""{"model": "research", "messages": [{"role": "user", "content": "hi"}, null]}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("messages[1] is null", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SiloProperties")]
    [InlineData("SiloStats")]
    [InlineData("SiloCounters")]
    [InlineData("SiloMetadata")]
    [InlineData("HistoricalStats")]
    public async Task A_dashboard_silo_route_answers_400_for_a_bad_address_404_for_an_unknown_one_and_200_for_a_silo(string route)
    {
        var silo = Assert.Single((await Dashboard.WaitForHostsAsync(Http)).EnumerateArray()).GetProperty("siloAddress").GetString()!;

        using var bad = await Http.GetAsync($"/dashboard/{route}/not-a-silo");
        Assert.Contains("not-a-silo", (await ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var unknown = await Http.GetAsync($"/dashboard/{route}/127.0.0.1:1@1");
        Assert.Contains("not an active silo", (await ProblemAsync(unknown, HttpStatusCode.NotFound)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var known = await Http.GetAsync($"/dashboard/{route}/{silo}");
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
    }

    [Fact]
    public async Task A_message_payload_with_a_lone_surrogate_is_refused_and_the_receivers_inbox_still_reads()
    {
        var (sender, receiver) = (AgentApi.NewName("sender"), AgentApi.NewName("receiver"));
        await fixture.Agents.RegisterOkAsync(sender);
        await fixture.Agents.RegisterOkAsync(receiver);
        await fixture.Agents.SendOkAsync(new { from = sender, type = "direct", to_agent = receiver, payload = new { text = "before" } });

        var poison = $$$"""{"from": "{{{sender}}}", "type": "direct", "to_agent": "{{{receiver}}}", "payload": {"text": "\ud800"}}""";
        using var refused = await Http.PostAsync("/v1/messages", new StringContent(poison, Encoding.UTF8, "application/json"));
        Assert.Equal("$.payload.text", (await ProblemAsync(refused, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        await fixture.Agents.SendOkAsync(new { from = sender, type = "direct", to_agent = receiver, payload = new { text = "after" } });

        var inbox = await fixture.Agents.MessagesAsync(receiver);
        Assert.Equal(new[] { "before", "after" }, inbox.Select(m => m.GetProperty("payload").GetProperty("text").GetString()).ToArray());
    }

    [Fact]
    public async Task A_json_body_that_passes_is_read_by_the_endpoint_unchanged()
    {
        var id = TaskApi.NewPrefix("echo");
        var json = $$$"""{"id": "{{{id}}}", "title": "t", "input": {"emoji": "\ud83d\ude00", "plain": "é", "n": 1.5e3}}""";
        using var response = await Http.PostAsync("/v1/tasks", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var input = (await fixture.Tasks.GetAsync(id)).GetProperty("input");
        Assert.Equal("😀", input.GetProperty("emoji").GetString());
        Assert.Equal("é", input.GetProperty("plain").GetString());
        Assert.Equal(1500, input.GetProperty("n").GetDouble());
    }

    private Task<HttpResponseMessage> ChatAsync(string json) =>
        Http.PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {json}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }
}
