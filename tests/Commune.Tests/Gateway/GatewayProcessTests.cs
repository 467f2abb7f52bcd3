using System.Globalization;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Gateway;

/// <summary>The gateway executable as `dotnet run --project src/Commune.Gateway` runs it: start-up refusal and Ctrl-C.</summary>
public sealed class GatewayProcessTests
{
    [Fact]
    public async Task The_executable_refuses_to_listen_beyond_loopback_without_keys_and_says_why()
    {
        var result = await ProcessRunner.RunAsync("dotnet", [RepositoryPaths.GatewayAssembly, "--urls", $"http://0.0.0.0:{FreePort.Next()}"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Commune gateway cannot start: Refusing to listen on http://0.0.0.0:", result.Output, StringComparison.Ordinal);
        Assert.Contains("Gateway:ApiKeys", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_stops_the_embedded_service_gracefully()
    {
        var port = FreePort.Next();
        await using var gateway = await StartAsync([RepositoryPaths.GatewayAssembly], port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var live = await http.GetAsync("/health/live");

        var exitCode = await gateway.SignalAndWaitAsync("INT");

        Assert.True(live.IsSuccessStatusCode);
        Assert.Equal(0, exitCode);
        Assert.Contains("Commune stopped", gateway.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("non-graceful", gateway.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readme_run_command_serves_the_dashboard_and_applies_the_projects_settings()
    {
        var port = FreePort.Next();
        await using var gateway = await StartAsync(["run", "--project", "src/Commune.Gateway", "--no-build", "-c", RepositoryPaths.Configuration, "--"], port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var ready = await http.GetAsync("/health/ready");
        using var dashboard = await http.GetAsync("/dashboard/");

        Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
        Assert.True(dashboard.IsSuccessStatusCode);
        Assert.Contains($"Dashboard: http://127.0.0.1:{port}/dashboard", gateway.Output, StringComparison.Ordinal);
        // The project's appsettings.json filters Orleans to warnings.
        Assert.DoesNotContain("info: Orleans", gateway.Output, StringComparison.Ordinal);
    }

    /// <summary>Launches the gateway on loopback with free ports and waits for its start-up banner.</summary>
    private static Task<CommuneProcess> StartAsync(string[] launch, int port) => CommuneProcess.StartAsync(
        [.. launch, "--urls", $"http://127.0.0.1:{port}", "--Orleans:SiloPort", Port(), "--Orleans:GatewayPort", Port()],
        [], readyMarker: "Commune started");

    private static string Port() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
}
