using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Commune.Silo;

/// <summary>A console logger for what happens before (or instead of) the host: migration and start-up refusals.</summary>
internal static class StartupLogger
{
    /// <summary>Dispose it before exiting: that flushes the console.</summary>
    public static ILoggerFactory CreateFactory(IConfiguration configuration) =>
        LoggerFactory.Create(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(o => o.SingleLine = true));
}
