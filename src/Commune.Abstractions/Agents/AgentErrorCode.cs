namespace Commune.Agents;

/// <summary>Why an agent or message command changed nothing; the gateway maps each to an HTTP status.</summary>
public enum AgentErrorCode
{
    NotFound = 0,
    Invalid = 1,
    Conflict = 2,
    Throttled = 3,
    InboxFull = 4,
    HopLimit = 5,
    UnknownRecipient = 6,
    UnknownType = 7,
    PayloadTooLarge = 8,
    NoAgentAvailable = 9,
    Ended = 10,
    UnknownSender = 11,
}
