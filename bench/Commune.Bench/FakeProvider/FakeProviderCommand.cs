using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Commune.Bench.FakeProvider;

/// <summary>Runs the fake provider on 127.0.0.1 until SIGTERM or Ctrl-C.</summary>
internal static class FakeProviderCommand
{
    public static async Task<int> RunAsync(FakeProviderOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        await using var app = builder.Build();
        var handler = new FakeProviderHandler(options, new FakeResponses(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        app.Run(handler.HandleAsync);

        var failure = options.FailStatus is { } status ? $", every completion fails with {status}" : "";
        Console.Out.WriteLine($"fake provider listening on http://127.0.0.1:{options.Port}/v1 (latency {options.LatencyMs} ms{failure})");
        await app.RunAsync();
        return 0;
    }
}
