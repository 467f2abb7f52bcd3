using Commune.Models;

namespace Commune.Gateway.Endpoints.Models;

/// <summary>One entry of <see cref="ModelList"/>: a profile or a priced model.</summary>
public sealed record ModelEntry(string Id, string Object, long Created, string OwnedBy, string Kind, string? Tier, bool Simulated, ModelView? Price);
