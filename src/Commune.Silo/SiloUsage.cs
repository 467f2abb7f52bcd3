namespace Commune.Silo;

/// <summary>The help text of the silo executable.</summary>
internal static class SiloUsage
{
    public const string Text = """
        Commune.Silo — one silo of a Commune cluster on PostgreSQL.

        Usage:
          dotnet run --project src/Commune.Silo -- migrate [--ConnectionStrings:Commune=...]
              Creates or updates the Orleans and Commune tables. Idempotent; run it before silos start.
          dotnet run --project src/Commune.Silo [-- --Orleans:SiloPort=11111 --Orleans:GatewayPort=30000 ...]
              Runs a silo. Needs ConnectionStrings:Commune (or the environment variable ConnectionStrings__Commune).

        Settings (appsettings.json, environment with __, or --Key=value):
          ConnectionStrings:Commune          PostgreSQL connection string
          Orleans:ClusterId, Orleans:ServiceId
          Orleans:SiloPort, Orleans:GatewayPort
          Orleans:AdvertisedAddress          address other silos use to reach this one (default: a non-loopback IPv4 Orleans picks)
          Orleans:ListenOnAnyHostAddress     true inside containers
          Orleans:Membership:*               ClusterMembershipOptions, e.g. ProbeTimeout=00:00:02
        """;
}
