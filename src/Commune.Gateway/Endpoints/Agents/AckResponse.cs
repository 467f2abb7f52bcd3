namespace Commune.Gateway.Endpoints.Agents;

/// <summary>What an acknowledgement removed, which ids the inbox did not hold, and what is left.</summary>
public sealed record AckResponse(IReadOnlyList<string> Acknowledged, IReadOnlyList<string> Unknown, int Pending);
