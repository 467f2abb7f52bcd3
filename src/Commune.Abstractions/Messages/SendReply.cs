using Commune.Agents;

namespace Commune.Messages;

/// <summary>A sent message as stored (id, conversation, hop, trace) and how many inboxes it reached — or the rule it broke.</summary>
[GenerateSerializer, Immutable, Alias("commune.messages.SendReply")]
public sealed record SendReply(
    [property: Id(0)] MessageEnvelope? Message,
    [property: Id(1)] int Recipients,
    [property: Id(2)] AgentError? Error)
{
    public bool Succeeded => Error is null;

    public static SendReply Refused(AgentErrorCode code, string message, params IReadOnlyList<string> details) => new(null, 0, AgentError.Of(code, message, details));

    public static SendReply Refused(AgentError error) => new(null, 0, error);
}
