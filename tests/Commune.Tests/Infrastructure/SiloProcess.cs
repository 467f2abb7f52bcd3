using System.Globalization;

namespace Commune.Tests.Infrastructure;

/// <summary>A real Commune.Silo process joined to a PostgreSQL cluster; killable hard, like a crashed machine.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    /// <summary>Membership settings that detect a dead silo in seconds rather than a minute.</summary>
    public static readonly IReadOnlyDictionary<string, string> FastMembership = new Dictionary<string, string>
    {
        ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
        ["Orleans__Membership__NumMissedProbesLimit"] = "3",
        ["Orleans__Membership__NumVotesForDeathDeclaration"] = "2",
        ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
    };

    private readonly CommuneProcess _process;

    private SiloProcess(CommuneProcess process, int siloPort)
    {
        _process = process;
        SiloPort = siloPort;
    }

    public int SiloPort { get; }

    /// <summary>The silo address as Orleans prints it, without generation: 127.0.0.1:port.</summary>
    public string Endpoint => $"127.0.0.1:{SiloPort}";

    public string Output => _process.Output;

    public static async Task<SiloProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var siloPort = FreePort.Next();
        var environment = new Dictionary<string, string>(FastMembership)
        {
            ["ConnectionStrings__Commune"] = connectionString,
            ["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__AdvertisedAddress"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = await CommuneProcess.StartAsync([RepositoryPaths.SiloAssembly], environment, "joined cluster");
        return new SiloProcess(process, siloPort);
    }

    /// <summary>SIGKILL: no goodbye to the cluster.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>SIGTERM: the silo leaves the cluster and exits; returns its exit code.</summary>
    public Task<int> StopAsync() => _process.SignalAndWaitAsync("TERM");

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
