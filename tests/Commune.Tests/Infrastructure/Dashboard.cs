using System.Text.Json;

namespace Commune.Tests.Infrastructure;

/// <summary>The dashboard samples the cluster on an interval; these helpers wait for its first sample.</summary>
public static class Dashboard
{
    public static async Task<JsonElement> WaitForHostsAsync(HttpClient http, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync("/dashboard/DashboardCounters");
            response.EnsureSuccessStatusCode();
            var counters = await Json.ReadAsync(response);
            if (counters.GetProperty("hosts").GetArrayLength() > 0)
            {
                return counters.GetProperty("hosts");
            }

            last = counters.ToString();
            await Task.Delay(250);
        }

        throw new TimeoutException($"The dashboard reported no hosts: {last}");
    }
}
