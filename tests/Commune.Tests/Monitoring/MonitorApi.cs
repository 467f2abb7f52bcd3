using System.Net;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Monitoring;

/// <summary>Reads <c>/v1/monitor</c> and polls it until a condition holds.</summary>
public sealed class MonitorApi(HttpClient client)
{
    public async Task<JsonElement> ReportAsync()
    {
        var response = await client.GetAsync("/v1/monitor");
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"monitor: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>Polls the report until <paramref name="condition"/> holds, failing with the last report at the deadline.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var report = await ReportAsync();
            if (condition(report))
            {
                return report;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The monitor did not show {what} within {limit}: {report}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the monitor has computed a report generated after <paramref name="after"/> (so it has looked again).</summary>
    public Task<JsonElement> WaitForReportAfterAsync(DateTimeOffset after) =>
        WaitForAsync(r => GeneratedAt(r) > after, $"a report generated after {after:O}");

    public static DateTimeOffset GeneratedAt(JsonElement report) => report.GetProperty("generated_at").GetDateTimeOffset();

    public static JsonElement Check(JsonElement report, string name) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static string CheckStatus(JsonElement report, string name) => Check(report, name).GetProperty("status").GetString()!;

    public static IReadOnlyList<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
