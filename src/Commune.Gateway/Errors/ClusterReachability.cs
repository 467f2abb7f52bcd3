using Commune.Hosting;
using Orleans.Metadata;
using Orleans.Runtime;

namespace Commune.Gateway.Errors;

/// <summary>
/// Whether a clustered gateway has ever heard from a silo. Until it has, its cluster manifest is the client's own placeholder
/// (version MinValue) and no grain interface resolves, which is "not connected yet", not a server error.
/// </summary>
public sealed class ClusterReachability(IClusterManifestProvider manifest, CommuneDeployment deployment)
{
    public const string NoSiloMessage = "No silo has been reached yet: the gateway keeps trying to connect to the cluster.";

    public bool NoSiloKnown => deployment.Mode == DeploymentMode.Clustered && manifest.Current.Version == MajorMinorVersion.MinValue;
}
