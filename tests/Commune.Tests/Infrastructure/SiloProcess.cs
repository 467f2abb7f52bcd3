using System.Diagnostics;
using System.Globalization;
using System.Text;

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

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The silo address as Orleans prints it, without generation: 127.0.0.1:port.</summary>
    public string Endpoint => $"127.0.0.1:{SiloPort}";

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public bool HasExited => _process.HasExited;

    public static async Task<SiloProcess> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.SiloAssembly);
        start.Environment["ConnectionStrings__Commune"] = connectionString;
        start.Environment["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Orleans__AdvertisedAddress"] = "127.0.0.1";
        foreach (var (key, value) in FastMembership.Concat(settings ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        var silo = new SiloProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, siloPort, gatewayPort);
        silo.Start();
        var finished = await Task.WhenAny(silo._joined.Task, silo._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (finished != silo._joined.Task)
        {
            var output = silo.Output;
            await silo.DisposeAsync();
            throw new InvalidOperationException($"Silo on port {siloPort} did not join the cluster. Output:\n{output}");
        }

        return silo;
    }

    /// <summary>SIGKILL: no goodbye to the cluster, exactly like a machine that dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager or Ctrl-C would: the silo leaves the cluster and exits; returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        var signal = await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        if (signal.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM failed: {signal.Output}");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Start()
    {
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("joined cluster", StringComparison.Ordinal))
        {
            _joined.TrySetResult();
        }
    }
}
