using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;
using OpenAI;
using OpenAI.Chat;

namespace Commune.Tests.Models.Tools;

/// <summary>
/// Images and structured output are carried where the step's model can take them; a step whose catalogue entry says it cannot is skipped
/// with the reason in the trail, and a chain none of whose steps can is a 422 naming the field and the chain.
/// </summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class CapabilityTests(ModelGatewayFixture fixture)
{
    // A 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private ChatClient Client(string model) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Gateway.Address, "/v1") }).GetChatClient(model);

    [Fact]
    public async Task An_image_skips_the_step_without_vision_and_reaches_the_next_as_an_image_block()
    {
        fixture.Fake.Script("vision-b", FakeReply.Ok("a single pixel"));
        var message = new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("What is this?"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(Png), "image/png"));

        var result = await Client("vision").CompleteChatAsync([message]);

        Assert.Equal("a single pixel", result.Value.Content[0].Text);
        Assert.Equal(0, fixture.Fake.CountFor("novision-a"));
        var trail = result.GetRawResponse().Headers.TryGetValue("x-commune-attempt-trail", out var t) ? t : null;
        Assert.StartsWith("0:oa1/novision-a=skipped_unsupported", trail, StringComparison.Ordinal);
        var content = fixture.Fake.RequestsFor("vision-b").Single().Json!.Value.GetProperty("messages")[0].GetProperty("content");
        var image = content.EnumerateArray().Single(b => b.GetProperty("type").GetString() == "image");
        Assert.Equal("image/png", image.GetProperty("source").GetProperty("media_type").GetString());
        Assert.Equal(Convert.ToBase64String(Png), image.GetProperty("source").GetProperty("data").GetString());
    }

    [Fact]
    public async Task A_chain_without_vision_refuses_an_image_with_a_422_naming_the_field_and_the_chain()
    {
        var body = new
        {
            model = "no-vision",
            messages = new object[]
            {
                new { role = "user", content = new object[] { new { type = "image_url", image_url = new { url = "https://example.com/cat.png" } } } },
            },
        };

        var response = await fixture.Client.PostAsJsonAsync("/v1/chat/completions", body);
        var problem = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("unsupported_feature", problem.GetProperty("error").GetProperty("code").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("image content", detail, StringComparison.Ordinal);
        Assert.Contains("'no-vision'", detail, StringComparison.Ordinal);
        Assert.All(problem.GetProperty("attempts").EnumerateArray(), a => Assert.Equal("skipped_unsupported", a.GetProperty("outcome").GetString()));
        Assert.Equal(0, fixture.Fake.CountFor("novision-c") + fixture.Fake.CountFor("novision-d"));
    }

    [Fact]
    public async Task A_json_schema_response_format_reaches_an_OpenAI_step_as_sent()
    {
        fixture.Fake.Script("schema-a", FakeReply.Ok("""{"city":"Lyon"}"""));
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                "place", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"""),
                jsonSchemaIsStrict: true),
        };

        ChatCompletion completion = await Client("schema").CompleteChatAsync([new UserChatMessage("A French city?")], options);

        Assert.Equal("""{"city":"Lyon"}""", completion.Content[0].Text);
        var format = fixture.Fake.RequestsFor("schema-a").Single().Json!.Value.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("place", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.True(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal("string", format.GetProperty("json_schema").GetProperty("schema").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_catalogue_lists_each_model_s_capabilities()
    {
        var models = await Json.ReadAsync(await fixture.Client.GetAsync("/v1/models"));

        var entry = models.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "oa1/novision-a");
        var capabilities = entry.GetProperty("price").GetProperty("capabilities");
        Assert.False(capabilities.GetProperty("vision").GetBoolean());
        Assert.True(capabilities.GetProperty("tools").GetBoolean());
    }

    [Theory]
    [InlineData("""{"model":"tools","messages":[{"role":"tool","tool_call_id":"nope","content":"x"}]}""", "no earlier assistant message called")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x"}],"seed":1}""", "seed is not supported")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x"}],"logprobs":true}""", "logprobs is not supported")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x"}],"n":2}""", "n must be 1")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x"}],"tools":[{"type":"web_search"}]}""", "tools[0] must be")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"a b"}}]}""", "tools[0].name")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x"}],"tool_choice":"required"}""", "tools is empty")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":{"type":"function","function":{"name":"b"}}}""", "'b', which is not among tools")]
    [InlineData("""{"model":"tools","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"a","arguments":"[1]"}}]}]}""", "arguments must be a JSON object")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}""", "content[0] must be a text, image_url or file part")]
    [InlineData("""{"model":"tools","messages":[{"role":"user","content":"x","name":"bob"}]}""", "messages[0].name is not supported")]
    public async Task Requests_a_chain_cannot_carry_faithfully_are_refused_naming_the_field(string body, string expected)
    {
        var before = fixture.Fake.CountFor("tools-a") + fixture.Fake.CountFor("tools-b");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await fixture.Client.PostAsync("/v1/chat/completions", content);
        var problem = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", problem.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(before, fixture.Fake.CountFor("tools-a") + fixture.Fake.CountFor("tools-b"));
    }
}
