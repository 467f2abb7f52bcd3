using Commune.Agents;

namespace Commune.Messages;

/// <summary>The sender's answer to "may I send this": the conversation and hop the message gets, or why it may not be sent.</summary>
[GenerateSerializer, Immutable, Alias("commune.messages.SendTicket")]
public sealed record SendTicket(
    [property: Id(0)] AgentError? Error,
    [property: Id(1)] string ConversationId,
    [property: Id(2)] int Hop)
{
    public static SendTicket Refused(AgentError error) => new(error, "", 0);
}
