using System.Net;
using Commune.Gateway;
using Microsoft.AspNetCore.Builder;

namespace Commune.Tests.Infrastructure;

/// <summary>The real gateway application, started in this process on a free loopback port and reached over real HTTP.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the gateway exactly as Program does, from command-line style settings.</summary>
    public static Task<WebApplication> BuildAsync(IDictionary<string, string?> settings, string url = "http://127.0.0.1:0") =>
        GatewayApplication.BuildAsync(Arguments(settings, url));

    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, string url = "http://127.0.0.1:0")
    {
        var app = await BuildAsync(settings ?? new Dictionary<string, string?>(), url);
        await app.StartAsync();
        var bound = new Uri(app.Urls.First());
        var host = bound.Host is "0.0.0.0" or "[::]" ? IPAddress.Loopback.ToString() : bound.Host;
        var gateway = new GatewayHost(app, new UriBuilder(bound) { Host = host }.Uri);
        await gateway.WaitUntilReadyAsync();
        return gateway;
    }

    /// <summary>Waits until /health/ready says the cluster answers.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            last = await response.Content.ReadAsStringAsync();
            await Task.Delay(200);
        }

        throw new TimeoutException($"The gateway at {Address} did not become ready: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string[] Arguments(IDictionary<string, string?> settings, string url)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = url,
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
    }
}
