using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Commune.Tests.Infrastructure;

/// <summary>One of our executables running as a child process, with its output kept and a line that says it is up.</summary>
public sealed class CommuneProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _readyMarker;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CommuneProcess(Process process, string readyMarker)
    {
        _process = process;
        _readyMarker = readyMarker;
    }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet arguments…</c> (an assembly, or `run --project …`) and waits for a line containing <paramref name="readyMarker"/>.</summary>
    public static async Task<CommuneProcess> StartAsync(IEnumerable<string> dotnetArguments,
        IEnumerable<KeyValuePair<string, string>> environment, string readyMarker)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in dotnetArguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var child = new CommuneProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, readyMarker);
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        var finished = await Task.WhenAny(child._ready.Task, child._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (finished != child._ready.Task)
        {
            var output = child.Output;
            await child.DisposeAsync();
            throw new InvalidOperationException($"dotnet {string.Join(' ', start.ArgumentList)} did not report '{readyMarker}'. Output:\n{output}");
        }

        return child;
    }

    /// <summary>SIGKILL: no goodbye, exactly like a machine that dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends a signal (TERM as a service manager does, INT as Ctrl-C does) and returns the exit code.</summary>
    public async Task<int> SignalAndWaitAsync(string signal)
    {
        var sent = await ProcessRunner.RunAsync("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        if (sent.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} failed: {sent.Output}");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // drains the output readers
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

        if (line.Contains(_readyMarker, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
