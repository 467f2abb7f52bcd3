using System.ComponentModel.DataAnnotations;

namespace Commune.Hosting.Orleans;

/// <summary>The <c>Orleans</c> configuration section: cluster identity and this silo's endpoints.</summary>
public sealed class CommuneClusterOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Silos and clients with the same ClusterId form one cluster.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ClusterId { get; set; } = "commune";

    /// <summary>Identifies the service across deployments: grain state and reminders are keyed by it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceId { get; set; } = "commune";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients (gateways) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Address other silos and clients use to reach this silo (an IP or a host name, resolved once at start-up).
    /// Unset: Orleans picks one of the machine's non-loopback IPv4 addresses, right for a single-homed container;
    /// set it on hosts with several networks.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Listen on every interface instead of only the advertised address (containers behind NAT).</summary>
    public bool ListenOnAnyHostAddress { get; set; }
}
