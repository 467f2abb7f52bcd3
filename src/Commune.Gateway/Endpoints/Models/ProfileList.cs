using Commune.Models;

namespace Commune.Gateway.Endpoints.Models;

/// <summary><c>GET /v1/profiles</c>: every profile, every finding, and why the last reload was refused (or null).</summary>
public sealed record ProfileList(IReadOnlyList<ProfileView> Profiles, IReadOnlyList<AlternationFinding> Findings, DateTimeOffset LoadedAt, string? LastReloadError);
