using System.Net;
using System.Net.Http.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>
/// Model calls on a PostgreSQL cluster: a clustered gateway, a separate silo process executing the chain, and budget and breaker
/// state that are JSON rows in PostgreSQL and outlive the silo.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ModelCallClusterTests(PostgresServer postgres)
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        // A simulated provider in a permanent outage in front of the (simulated, keyless) OpenRouter default.
        ["Providers__down__Kind"] = "simulated",
        ["Providers__down__Simulation__Outage"] = "true",
        ["Providers__down__Simulation__Latency"] = "00:00:00",
        ["Agents__outage__model"] = "down/any-model",
        ["Agents__outage__fallbacks__0"] = "openrouter/google/gemini-2.5-flash",
        ["Models__Breaker__FailureThreshold"] = "2",
        ["Models__Breaker__Cooldown"] = "01:00:00",
    };

    private static async Task<HttpResponseMessage> ChatAsync(HttpClient client, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "outage", messages = new[] { new { role = "user", content = "hello" } }, max_tokens = 64 }),
        };
        request.Headers.Add("x-commune-session", session);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_clustered_gateway_runs_chains_on_the_silo_and_breaker_and_budget_state_outlive_it()
    {
        var database = await postgres.CreateDatabaseAsync("model_calls");
        await SiloCommand.MigrateAsync(database);
        var silo = await SiloProcess.StartAsync(database, Settings);
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["ConnectionStrings:Commune"] = database });

        // The profile exists only in the silo's configuration: the gateway serves what the silos execute.
        var first = await ChatAsync(gateway.Client, "pg-session");
        var body = await Json.ReadAsync(first);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("openrouter/google/gemini-2.5-flash", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("commune").GetProperty("simulated").GetBoolean());
        Assert.Equal("true", first.Headers.GetValues("x-commune-simulated").Single());
        Assert.Equal("server_error", body.GetProperty("commune").GetProperty("attempts")[0].GetProperty("outcome").GetString());

        // The second outage opens the breaker (threshold 2); the third call skips the provider.
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(gateway.Client, "pg-session")).StatusCode);
        var third = await Json.ReadAsync(await ChatAsync(gateway.Client, "pg-session"));
        Assert.Equal("skipped_breaker_open", third.GetProperty("commune").GetProperty("attempts")[0].GetProperty("outcome").GetString());

        var spent = await PostgresQueries.ScalarAsync<string>(database,
            "SELECT convert_from(PayloadBinary, 'UTF8')::jsonb ->> 'TokensSpent' FROM OrleansStorage WHERE GrainIdExtensionString = @key",
            ("key", "session:pg-session"));
        var breakerState = await PostgresQueries.ScalarAsync<string>(database,
            "SELECT convert_from(PayloadBinary, 'UTF8')::jsonb ->> 'State' FROM OrleansStorage WHERE GrainIdExtensionString = @key",
            ("key", "down"));
        Assert.True(long.Parse(spent!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("open", breakerState);

        // A new silo process reads both back from PostgreSQL.
        Assert.Equal(0, await silo.StopAsync());
        await silo.DisposeAsync();
        await using var second = await SiloProcess.StartAsync(database, Settings);
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));

        var providers = await Json.ReadAsync(await gateway.Client.GetAsync("/v1/providers"));
        var down = providers.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "down");
        Assert.Equal("open", down.GetProperty("breaker").GetProperty("state").GetString());
        var ledger = await Json.ReadAsync(await gateway.Client.GetAsync("/v1/budgets/session/pg-session"));
        Assert.Equal(3, ledger.GetProperty("calls").GetInt64());
        Assert.Equal(long.Parse(spent!, System.Globalization.CultureInfo.InvariantCulture), ledger.GetProperty("tokens_spent").GetInt64());
    }
}
