using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Commune.Hosting.Orleans;

/// <summary>Reads and validates the <c>Orleans</c> section up front: endpoints are needed while the host is being built.</summary>
public static class ClusterOptionsReader
{
    public static CommuneClusterOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(CommuneClusterOptions.SectionName).Get<CommuneClusterOptions>() ?? new();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var problems = string.Join("; ", results.Select(r => $"{string.Join(",", r.MemberNames.Select(m => $"{CommuneClusterOptions.SectionName}:{m}"))}: {r.ErrorMessage}"));
            throw new InvalidOperationException($"Invalid Orleans configuration: {problems}");
        }

        if (options.SiloPort == options.GatewayPort)
        {
            throw new InvalidOperationException(
                $"Invalid Orleans configuration: Orleans:SiloPort and Orleans:GatewayPort are both {options.SiloPort}; they must differ.");
        }

        return options;
    }
}
