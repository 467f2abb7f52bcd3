using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Durability;

/// <summary>
/// The same rule for every other kind of object a user writes: a command whose write fails answers 503 with a problem body, the object
/// reads back exactly as before, and the same command succeeds once storage is back (so the failure was the only reason).
/// </summary>
public sealed class GrainKindStorageFaultTests(StorageFaultFixture fixture) : IClassFixture<StorageFaultFixture>
{
    /// <summary>One kind: how to make an object, the state its command writes, the command and the read.</summary>
    public sealed record Kind(
        string Name,
        string StateName,
        Func<HttpClient, string, Task<HttpResponseMessage>?> SetUp,
        Func<string, string> GrainKey,
        Func<HttpClient, string, Task<HttpResponseMessage>> Command,
        Func<string, string> ReadPath)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<string> Kinds => [.. All.Keys];

    private static readonly Dictionary<string, Kind> All = new[]
    {
        new Kind("agent status", "agent",
            (http, id) => http.PostAsJsonAsync("/v1/agents", new { name = id, role = "worker" }),
            id => id,
            (http, id) => http.PutAsJsonAsync($"/v1/agents/{id}/status", new { status = "working", task = "t-1" }),
            id => $"/v1/agents/{id}"),
        new Kind("vote ballot", "vote",
            (http, id) => http.PostAsJsonAsync("/v1/votes", new { id, question = "Ship?", options = new[] { "yes", "no" }, voters = new[] { "v1", "v2" }, deadline_seconds = 60, created_by = "orchestrator" }),
            id => id,
            (http, id) => http.PostAsJsonAsync($"/v1/votes/{id}/ballots", new { voter = "v1", choice = "yes" }),
            id => $"/v1/votes/{id}"),
        new Kind("budget limits", "budget",
            (http, id) => http.PutAsJsonAsync($"/v1/budgets/task/{id}", new { token_limit = 1000 }),
            id => "task:" + id,
            (http, id) => http.PutAsJsonAsync($"/v1/budgets/task/{id}", new { token_limit = 5000 }),
            id => $"/v1/budgets/task/{id}"),
        new Kind("pipeline start", "pipeline",
            (_, _) => null,
            id => id,
            (http, id) => http.PostAsJsonAsync("/v1/pipelines", new { id, title = "p", stages = new[] { new { name = "only", role = "r-" + id } } }),
            id => $"/v1/pipelines/{id}"),
    }.ToDictionary(k => k.Name);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_command_whose_write_fails_answers_503_and_the_object_reads_back_unchanged(string name)
    {
        var kind = All[name];
        var http = fixture.Gateway.Client;
        var id = TaskApi.NewPrefix("kind");
        if (kind.SetUp(http, id) is { } setUp)
        {
            using var made = await setUp;
            Assert.True(made.IsSuccessStatusCode, $"{name} set-up: {(int)made.StatusCode} {await made.Content.ReadAsStringAsync()}");
        }

        var before = await ReadAsync(http, kind.ReadPath(id));

        fixture.Faults.Fail(kind.GrainKey(id), kind.StateName, "write");
        try
        {
            using var refused = await kind.Command(http, id);
            await TaskApi.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
            Assert.Equal(before, await ReadAsync(http, kind.ReadPath(id)));
        }
        finally
        {
            fixture.Faults.Heal(kind.GrainKey(id), kind.StateName);
        }

        using var applied = await kind.Command(http, id);
        Assert.True(applied.IsSuccessStatusCode, $"{name} after recovery: {(int)applied.StatusCode} {await applied.Content.ReadAsStringAsync()}");
        Assert.NotEqual(before, await ReadAsync(http, kind.ReadPath(id)));
    }

    /// <summary>Status and body of a read, as one comparable string.</summary>
    private static async Task<string> ReadAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // Durations counted up to now (idle_seconds...) move by themselves; everything stored must not.
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        foreach (var clock in json.Select(p => p.Key).Where(k => k.EndsWith("_seconds", StringComparison.Ordinal)).ToList())
        {
            json.Remove(clock);
        }

        return (int)response.StatusCode + " " + json.ToJsonString();
    }
}
