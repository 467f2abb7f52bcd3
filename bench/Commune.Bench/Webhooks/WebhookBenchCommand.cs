using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Commune.Bench.Load;

namespace Commune.Bench.Webhooks;

/// <summary>
/// GitHub webhook ingestion: how fast the gateway acknowledges a signed delivery (GitHub gives up after 10 s) and how long the
/// asynchronous processing takes to land every delivery in its PR session. Each PR gets one <c>opened</c> delivery, then
/// <c>issue_comment</c> deliveries; at the end every session must show exactly the deliveries sent to it (nothing lost or doubled).
/// Reviews and triage are off on the gateway under test (<c>GitHub:Review:Enabled=false</c>): this measures ingestion, not models.
/// </summary>
internal static class WebhookBenchCommand
{
    public static async Task<int> RunAsync(WebhookBenchOptions options)
    {
        using var http = new HttpClient { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };
        var owner = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var key = Encoding.UTF8.GetBytes(options.Secret);
        var sent = new int[options.PullRequests];
        var latencies = new ConcurrentBag<long>();
        var refused = 0;

        // The opened deliveries first, so every comment finds its session created.
        await Parallel.ForAsync(0, options.PullRequests, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (pr, ct) =>
        {
            if (!await SendAsync(http, key, "pull_request", Opened(owner, pr + 1), latencies, ct))
            {
                Interlocked.Increment(ref refused);
            }

            Interlocked.Increment(ref sent[pr]);
        });

        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, options.Deliveries, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
        {
            var pr = i % options.PullRequests;
            if (!await SendAsync(http, key, "issue_comment", Comment(owner, pr + 1, i), latencies, ct))
            {
                Interlocked.Increment(ref refused);
            }

            Interlocked.Increment(ref sent[pr]);
        });
        var acked = clock.Elapsed;

        // Processing is asynchronous: wait until every session has applied every delivery it was sent.
        var (applied, drained) = await DrainAsync(http, owner, sent, options.DrainTimeout, clock);
        var lat = LatencySummary.From([.. latencies])!;
        var lost = sent.Zip(applied).Sum(p => Math.Max(0, p.First - p.Second));
        var doubled = sent.Zip(applied).Sum(p => Math.Max(0, p.Second - p.First));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            prs = options.PullRequests,
            deliveries = options.Deliveries,
            concurrency = options.Concurrency,
            acked_per_second = options.Deliveries / acked.TotalSeconds,
            processed_per_second = drained is { } d ? options.Deliveries / d.TotalSeconds : 0,
            ack_p50_ms = lat.P50,
            ack_p90_ms = lat.P90,
            ack_p99_ms = lat.P99,
            ack_max_ms = lat.Max,
            drain_seconds = drained?.TotalSeconds,
            refused,
            lost,
            doubled,
        }));
        return refused == 0 && lost == 0 && doubled == 0 ? 0 : 1;
    }

    private static async Task<bool> SendAsync(HttpClient http, byte[] key, string kind, string body, ConcurrentBag<long> latencies, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/webhooks/github") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-GitHub-Event", kind);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, bytes)));
        var start = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, ct);
        latencies.Add(Stopwatch.GetTimestamp() - start);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    private static async Task<(int[] Applied, TimeSpan? Drained)> DrainAsync(HttpClient http, string owner, int[] sent, TimeSpan timeout, Stopwatch clock)
    {
        var applied = new int[sent.Length];
        var deadline = clock.Elapsed + timeout;
        while (true)
        {
            for (var pr = 0; pr < sent.Length; pr++)
            {
                if (applied[pr] >= sent[pr])
                {
                    continue;
                }

                using var response = await http.GetAsync($"/v1/sessions/github/{owner}/bench/pulls/{pr + 1}");
                if (response.IsSuccessStatusCode)
                {
                    using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    applied[pr] = doc.RootElement.GetProperty("events_applied").GetInt32();
                }
            }

            if (applied.Zip(sent).All(p => p.First >= p.Second))
            {
                return (applied, clock.Elapsed);
            }

            if (clock.Elapsed > deadline)
            {
                return (applied, null);
            }

            await Task.Delay(100);
        }
    }

    private static object Repository(string owner) =>
        new { id = 1, name = "bench", full_name = owner + "/bench", owner = new { login = owner, type = "Organization" } };

    private static object Sender { get; } = new { login = "octocat", type = "User" };

    private static string Opened(string owner, int number) => JsonSerializer.Serialize(new
    {
        action = "opened",
        number,
        pull_request = new
        {
            number,
            state = "open",
            title = $"Bench PR {number}",
            body = "Load.",
            merged = false,
            user = Sender,
            head = new { sha = Sha(number), @ref = $"bench-{number}" },
            @base = new { sha = Sha(0), @ref = "main" },
        },
        repository = Repository(owner),
        sender = Sender,
    });

    private static string Comment(string owner, int number, int i) => JsonSerializer.Serialize(new
    {
        action = "created",
        issue = new
        {
            number,
            title = $"Bench PR {number}",
            state = "open",
            pull_request = new { url = $"https://api.github.com/repos/{owner}/bench/pulls/{number}" },
        },
        comment = new { id = i + 1, body = $"Comment {i} on the bench PR.", user = Sender },
        repository = Repository(owner),
        sender = Sender,
    });

    private static string Sha(int n) => n.ToString("x40", System.Globalization.CultureInfo.InvariantCulture);
}
