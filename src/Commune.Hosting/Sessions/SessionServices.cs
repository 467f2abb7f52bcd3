using Commune.Grains.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.Sessions;

/// <summary>Ephemeral sessions: <c>Sessions:*</c> options, checked at start-up so a bad value stops the silo with its key named.</summary>
public static class SessionServices
{
    public static ISiloBuilder AddCommuneSessions(this ISiloBuilder silo)
    {
        var section = silo.Configuration.GetSection(SessionOptions.SectionName);
        var options = section.Get<SessionOptions>() ?? new SessionOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid session configuration: " + string.Join(" ", problems));
        }

        silo.Services.AddOptions<SessionOptions>().Bind(section);
        return silo;
    }
}
