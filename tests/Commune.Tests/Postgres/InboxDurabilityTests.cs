using Commune.Agents;
using Commune.Messages;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Postgres;

/// <summary>
/// Two silo processes on PostgreSQL: the silo hosting an agent is killed hard. Every message accepted for the agent is still in its inbox
/// afterwards, its registration and topic subscription survive, and the directory still lists it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class InboxDurabilityTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Messages = 40;

    [Fact]
    public async Task Accepted_messages_survive_the_loss_of_the_silo_hosting_the_agent()
    {
        var database = await postgres.CreateDatabaseAsync("inbox");
        await SiloCommand.MigrateAsync(database);
        var silos = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SiloProcess.StartAsync(database, SiloProcess.FastMembership)));
        try
        {
            await using var host = await ClusterClientHost.StartAsync(database);
            var client = host.Client;
            const string topic = "durable-topic";
            var sender = client.GetGrain<IAgentGrain>("sender");
            var reader = client.GetGrain<IAgentGrain>("reader");
            Assert.True((await sender.RegisterAsync(new AgentRegistration("sender", "worker", null, [], 1))).Succeeded);
            Assert.True((await reader.RegisterAsync(new AgentRegistration("reader", "worker", null, ["review"], 1, Subscriptions: [topic]))).Succeeded);

            var router = client.GetGrain<IMessageRouterGrain>(0);
            var accepted = new List<string>();
            for (var i = 0; i < Messages; i++)
            {
                var reply = await router.SendAsync(new SendRequest("sender", MessageTypes.Direct, $$"""{"n":{{i}}}""", ToAgent: "reader"));
                Assert.Null(reply.Error);
                accepted.Add(reply.Message!.Id);
            }

            var management = client.GetGrain<IManagementGrain>(0);
            var port = (await management.GetActivationAddress(reader))?.Endpoint.Port;
            var victim = silos.Single(s => s.SiloPort == port);
            output.WriteLine($"reader lives on {victim.Endpoint}; killing it with {accepted.Count} messages accepted");
            await victim.KillAsync();

            // The survivor takes over once the dead silo is declared dead; calls meanwhile may time out.
            var page = await RetryAsync(() => reader.ReadInboxAsync(0, 1000), TimeSpan.FromSeconds(120));
            Assert.True(page.AgentExists);
            Assert.Equal(accepted, page.Messages.Select(m => m.Id));
            Assert.Equal("review", Assert.Single((await reader.GetAsync())!.Capabilities));

            // The subscription (PubSubStore in PostgreSQL) still delivers.
            var published = await RetryAsync(() => router.SendAsync(new SendRequest("sender", MessageTypes.Broadcast, """{"after":"kill"}""", Topic: topic)), TimeSpan.FromSeconds(60));
            Assert.Null(published.Error);
            await WaitUntilAsync(async () => (await reader.ReadInboxAsync(0, 1000)).Messages.Any(m => m.Id == published.Message!.Id), "the topic message after the kill");

            var ack = await reader.AckAsync(accepted.Take(10).ToArray());
            Assert.Equal(10, ack.Acknowledged.Count);
            Assert.Equal(Messages - 10 + 1, ack.Pending);

            await WaitUntilAsync(
                async () => (await client.GetGrain<IAgentBoardGrain>(0).QueryAsync(new AgentQuery(null, null, "review", null, 10))).Any(e => e.Id == "reader"),
                "the directory to list the reader");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or SiloUnavailableException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }
}
