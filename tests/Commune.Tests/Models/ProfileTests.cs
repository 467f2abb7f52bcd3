using System.Net;
using System.Text.Json;
using Commune.Providers.Profiles;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Models;

/// <summary>Profiles over HTTP: the seeds' defaults, alternation findings, and start-up validation.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class ProfileTests(ModelGatewayFixture fixture)
{
    private async Task<JsonElement> ProfilesAsync() => await Json.ReadAsync(await fixture.Client.GetAsync("/v1/profiles"));

    private static JsonElement Profile(JsonElement body, string name) =>
        body.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    [Fact]
    public async Task The_seed_profiles_ship_with_their_exact_chains_and_shrinking_timeouts()
    {
        var body = await ProfilesAsync();

        string[] Chain(string name) => Profile(body, name).GetProperty("chain").EnumerateArray()
            .Select(s => s.GetProperty("provider").GetString() + "/" + s.GetProperty("model").GetString()).ToArray();

        Assert.Equal(["openrouter/google/gemini-2.5-flash", "anthropic/claude-haiku-4-5", "openrouter/deepseek/deepseek-chat", "anthropic/claude-sonnet-4-5"], Chain("research"));
        Assert.Equal(["openrouter/deepseek/deepseek-r1-0528", "anthropic/claude-sonnet-4-5", "anthropic/claude-opus-4-5"], Chain("reasoning"));
        Assert.Equal(["openrouter/mistralai/devstral-2512", "anthropic/claude-haiku-4-5", "openrouter/qwen/qwen-2.5-coder-32b-instruct", "anthropic/claude-sonnet-4-5"], Chain("ci-triage"));
        Assert.All(Profile(body, "mundane").GetProperty("chain").EnumerateArray().Where(s => s.GetProperty("provider").GetString() == "openrouter"),
            s => Assert.Equal("free", s.GetProperty("tier").GetString()));
        Assert.Equal([60.0, 45.0, 30.0, 15.0], Profile(body, "research").GetProperty("chain").EnumerateArray().Select(s => s.GetProperty("timeout_seconds").GetDouble()));
        Assert.Equal(100_000, Profile(body, "ci-triage").GetProperty("budget_limit").GetInt64());
        Assert.Equal("extended", Profile(body, "reasoning").GetProperty("thinking").GetString());
    }

    [Fact]
    public async Task The_review_roles_ship_on_distinct_primary_models_with_alternating_providers()
    {
        var body = await ProfilesAsync();
        string[] roles = ["review-style", "review-security", "review-performance", "review-tests", "review-validator"];

        var primaries = roles.Select(r => Profile(body, r).GetProperty("chain")[0]).Select(s => s.GetProperty("provider").GetString() + "/" + s.GetProperty("model").GetString()).ToList();
        Assert.Equal(roles.Length, primaries.Distinct().Count());
        Assert.Equal("anthropic/claude-sonnet-4-5", primaries[1]);
        Assert.StartsWith("openrouter/", primaries[0], StringComparison.Ordinal);
        Assert.All(roles, r => Assert.Empty(Profile(body, r).GetProperty("findings").EnumerateArray()));
        Assert.All(roles, r => Assert.Equal("default", Profile(body, r).GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Alternation_findings_name_same_provider_steps_single_provider_chains_and_intentional_ones()
    {
        var body = await ProfilesAsync();

        var single = Profile(body, "single").GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(single, f => f.GetProperty("kind").GetString() == "same_provider" && f.GetProperty("step").GetInt32() == 1 && !f.GetProperty("intentional").GetBoolean());
        Assert.Contains(single, f => f.GetProperty("kind").GetString() == "single_provider");

        var intended = Assert.Single(Profile(body, "intended").GetProperty("findings").EnumerateArray());
        Assert.True(intended.GetProperty("intentional").GetBoolean());
        Assert.Equal(2, intended.GetProperty("step").GetInt32());

        var reasoning = Assert.Single(Profile(body, "reasoning").GetProperty("findings").EnumerateArray());
        Assert.True(reasoning.GetProperty("intentional").GetBoolean());
        Assert.Empty(Profile(body, "research").GetProperty("findings").EnumerateArray());
        Assert.Contains(body.GetProperty("findings").EnumerateArray(), f => f.GetProperty("profile").GetString() == "single");
    }

    [Fact]
    public async Task Models_lists_profiles_and_priced_models_in_the_OpenAI_shape()
    {
        var body = await Json.ReadAsync(await fixture.Client.GetAsync("/v1/models"));

        Assert.Equal("list", body.GetProperty("object").GetString());
        var ids = body.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("research", ids);
        Assert.Contains("anthropic/claude-opus-4-5", ids);
        var opus = body.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "anthropic/claude-opus-4-5");
        Assert.Equal("premium", opus.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Providers_show_their_breaker_and_never_their_key()
    {
        var response = await fixture.Client.GetAsync("/v1/providers");
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var oa1 = body.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "oa1");
        Assert.Equal("closed", oa1.GetProperty("breaker").GetProperty("state").GetString());
        Assert.True(oa1.GetProperty("has_api_key").GetBoolean());
        Assert.DoesNotContain("test-openai-key", text, StringComparison.Ordinal);
        var openrouter = body.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "openrouter");
        Assert.True(openrouter.GetProperty("simulated").GetBoolean());
    }

    [Theory]
    [InlineData("Agents:bad:model", "nowhere/model-x", "Agents:bad:model: unknown provider 'nowhere'")]
    [InlineData("Agents:bad:model", "", "Agents:bad:model: the model is empty")]
    [InlineData("Agents:bad:timeout", "-3", "Agents:bad:timeout: -3 must be a number of seconds above 0")]
    [InlineData("Agents:bad:fallbacks:0", "openrouter/some-model", "Agents:bad:fallbacks:0: duplicate step")]
    [InlineData("Providers:x:Kind", "carrier-pigeon", "Providers:x:Kind: 'carrier-pigeon' is not one of")]
    public async Task Invalid_profiles_stop_the_start_with_a_message_naming_profile_and_field(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Agents:bad:", StringComparison.Ordinal) && key != "Agents:bad:model")
        {
            settings["Agents:bad:model"] = "openrouter/some-model";
        }

        var error = await Assert.ThrowsAsync<ProfileConfigurationException>(() => GatewayHost.BuildAsync(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
