using Commune.Models;

namespace Commune.Sessions;

/// <summary>What a session is created with.</summary>
/// <param name="Kind">One of <see cref="SessionKinds"/>.</param>
/// <param name="Profile">The profile whose fallback chain answers.</param>
/// <param name="Messages">The opening conversation; empty for a session that waits for its first message.</param>
/// <param name="Ttl">Idle time to live; null for <c>Sessions:IdleTtl</c>.</param>
/// <param name="TokenLimit">The session ledger's token limit; null for none (the profile's <c>budgetLimit</c> then applies, if any).</param>
/// <param name="RunToCompletion">Complete the session on its first answer; null for the kind's default.</param>
/// <param name="RequestId">Correlates the model call with the caller's request.</param>
/// <param name="KeyId">The caller's API key id, whose ledger is charged too (as for chat completions).</param>
[GenerateSerializer, Immutable, Alias("commune.sessions.SessionSpec")]
public sealed record SessionSpec(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Profile,
    [property: Id(2)] IReadOnlyList<ChatTurn> Messages,
    [property: Id(3)] TimeSpan? Ttl = null,
    [property: Id(4)] long? TokenLimit = null,
    [property: Id(5)] bool? RunToCompletion = null,
    [property: Id(6)] string? RequestId = null,
    [property: Id(7)] string? KeyId = null);
