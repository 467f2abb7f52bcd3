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

    /// <summary>
    /// How long a gateway (Orleans client) waits for a grain call before giving up with 503. A call in flight to a silo that is
    /// killed gets no answer and no rejection (the client does not learn which silo its message reached), so this bounds the stall
    /// after a silo death; Orleans' own default is 30 s. Calls that may legitimately run longer (model calls, sessions, batch
    /// creation) carry their own <c>[ResponseTimeout]</c>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClientResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a gateway re-reads the list of live silos from membership. Orleans' default of one minute kept a gateway on dead
    /// silos for up to a minute after a full cluster restart (new silos have new generations); reading the table is one query.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
