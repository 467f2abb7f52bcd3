namespace Commune.Gateway.Endpoints.GitHub;

/// <summary>
/// The webhook's answer: <c>accepted</c> (202, applied asynchronously to <see cref="Sessions"/>; empty when routed by head SHA),
/// <c>ignored</c> (202, <see cref="Reason"/> says why), <c>duplicate</c> (200) or <c>pong</c> (200).
/// </summary>
public sealed record WebhookReply(string Status, string? Delivery, string? Event, IReadOnlyList<string> Sessions, string? Reason);
