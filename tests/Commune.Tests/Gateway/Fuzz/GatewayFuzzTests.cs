using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway.Fuzz;

/// <summary>
/// Seeded requests over every documented route: no answer is a server error, and state written before the fuzz reads back
/// byte for byte the same afterwards.
/// </summary>
public sealed class GatewayFuzzTests(FuzzGatewayFixture fixture, ITestOutputHelper output) : IClassFixture<FuzzGatewayFixture>
{
    private const int Seed = 20261207;
    private const int Requests = 5000;

    // The dashboard's trace is a stream that ends only when the caller goes away: it has no answer to judge.
    private static readonly HashSet<string> Streams = ["GET /dashboard/Trace"];

    private HttpClient Http => fixture.Gateway.Client;

    [Fact]
    public async Task Thousands_of_generated_requests_get_no_server_error_and_leave_earlier_state_as_it_was()
    {
        var guard = await GuardedStateAsync();
        var before = await ReadAsync(guard);

        using var document = await Http.GetAsync("/openapi/v1.json");
        document.EnsureSuccessStatusCode();
        var routes = FuzzRoute.From(await Json.ReadAsync(document)).Where(r => !Streams.Contains(r.Name)).ToList();
        Assert.True(routes.Count > 80, $"only {routes.Count} routes in the OpenAPI document");

        // Generated up front and in order, so a seed names the same requests however the sends interleave.
        var fuzzer = new RequestFuzzer(Seed);
        var requests = Enumerable.Range(0, Requests).Select(i => fuzzer.Next(routes[i % routes.Count])).ToList();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancellationToken) =>
        {
            try
            {
                using var message = ToMessage(request);
                using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, count) => count + 1);
                if ((int)response.StatusCode >= 500)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    failures.Enqueue($"{(int)response.StatusCode} for {request}: {body[..Math.Min(body.Length, 300)]}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"{ex.GetType().Name} for {request}: {ex.Message}");
            }
        });
        clock.Stop();

        output.WriteLine($"{requests.Count} requests over {requests.Select(r => r.Route.Name).Distinct().Count()} routes in {clock.Elapsed.TotalSeconds:0.0} s; " +
            "statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} requests failed:\n" + string.Join('\n', failures.Take(40)));
        Assert.Equal(routes.Count, requests.Select(r => r.Route.Name).Distinct().Count());

        // Whatever the fuzz managed to store must read back: every GET route once per id of the shared pool.
        var reads = routes.Where(r => r.Method == "GET")
            .SelectMany(r => new[] { "fuzz-a", "fuzz-b", "fuzz-c" }.Select(id => r.PathParameters.Aggregate(r.Template, (path, p) => path.Replace("{" + p + "}", id, StringComparison.Ordinal))))
            .Distinct()
            .ToList();
        foreach (var path in reads)
        {
            using var read = await Http.GetAsync(path);
            Assert.True((int)read.StatusCode < 500, $"reading back {path}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
        }

        output.WriteLine($"{reads.Count} read-backs, none a server error");
        var after = await ReadAsync(guard);
        Assert.Equal(before.Task, after.Task);
        Assert.Equal(before.Inbox, after.Inbox);
    }

    /// <summary>A task and an agent with a message in its inbox, named so no generated request can address them.</summary>
    private async Task<(string Task, string Agent)> GuardedStateAsync()
    {
        var tasks = new TaskApi(Http);
        var agents = new AgentApi(Http);
        var task = TaskApi.NewPrefix("guard-task");
        var capability = TaskApi.NewPrefix("guard-skill");
        await tasks.CreateAsync(new { id = task, title = "guarded", required_capability = capability, input = new { text = "é 😀", n = 1 } });
        var (sender, receiver) = (AgentApi.NewName("guard-from"), AgentApi.NewName("guard-to"));
        await agents.RegisterOkAsync(sender, role: TaskApi.NewPrefix("guard-role"));
        await agents.RegisterOkAsync(receiver, role: TaskApi.NewPrefix("guard-role"));
        await agents.SendOkAsync(new { from = sender, type = "direct", to_agent = receiver, payload = new { text = "kept", list = new[] { 1, 2 } } });
        return (task, receiver);
    }

    private async Task<(string Task, string Inbox)> ReadAsync((string Task, string Agent) guard)
    {
        using var task = await Http.GetAsync($"/v1/tasks/{guard.Task}");
        using var inbox = await Http.GetAsync($"/v1/agents/{guard.Agent}/messages");
        task.EnsureSuccessStatusCode();
        inbox.EnsureSuccessStatusCode();
        return (await task.Content.ReadAsStringAsync(), await inbox.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage ToMessage(FuzzRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery);
        if (request.Body is { } body)
        {
            message.Content = new ByteArrayContent(body);
            if (request.ContentType is { } type)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        return message;
    }
}
