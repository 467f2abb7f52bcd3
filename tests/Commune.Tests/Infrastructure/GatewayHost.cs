using System.Globalization;
using Commune.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Infrastructure;

/// <summary>The real gateway application, started in this process on a free loopback port and reached over real HTTP.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Task _starting;
    private readonly CancellationTokenSource _stop = new();

    private GatewayHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        // A clustered gateway's start completes only once a silo answers, while Kestrel already serves: keep it running apart.
        _starting = app.StartAsync(_stop.Token);
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the gateway exactly as Program does, from command-line style settings.</summary>
    public static Task<WebApplication> BuildAsync(
        IDictionary<string, string?> settings, string url = "http://127.0.0.1:0", Action<IServiceCollection>? services = null) =>
        GatewayApplication.BuildAsync(Arguments(settings, url), configureServices: services);

    /// <summary>
    /// Starts the gateway on <paramref name="host"/> and a free port, waits until it answers HTTP and, unless told otherwise,
    /// until /health/ready says the cluster answers.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        IDictionary<string, string?>? settings = null, string host = "127.0.0.1", bool waitUntilReady = true, Action<IServiceCollection>? services = null)
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var app = await BuildAsync(settings ?? new Dictionary<string, string?>(), $"http://{host}:{port}", services);
        var gateway = new GatewayHost(app, new Uri($"http://127.0.0.1:{port}"));
        await gateway.WaitUntilAsync("/health/live", TimeSpan.FromSeconds(60));
        if (waitUntilReady)
        {
            await gateway.WaitUntilReadyAsync();
        }

        return gateway;
    }

    /// <summary>Waits until /health/ready says the cluster answers.</summary>
    public Task WaitUntilReadyAsync(TimeSpan? timeout = null) => WaitUntilAsync("/health/ready", timeout ?? TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _stop.CancelAsync();
        try
        {
            await _starting;
        }
        catch (OperationCanceledException)
        {
            // Stopped before a silo ever answered.
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }

    private async Task WaitUntilAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (_starting.IsFaulted)
            {
                await _starting; // surfaces the start-up failure
            }

            try
            {
                using var response = await Client.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message; // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Address}{path.TrimStart('/')} did not answer 200 within {timeout}: {last}");
    }

    private static string[] Arguments(IDictionary<string, string?> settings, string url)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["urls"] = url,
            ["Orleans:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all.Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
    }
}
