namespace Commune.Messages;

/// <summary>Seed 002's message types.</summary>
public static class MessageTypes
{
    public const string Heartbeat = "heartbeat";
    public const string Broadcast = "broadcast";
    public const string Direct = "direct";
    public const string TaskClaim = "task_claim";
    public const string TaskComplete = "task_complete";
    public const string RequestHelp = "request_help";
    public const string ReviewRequest = "review_request";
    public const string ReviewComplete = "review_complete";
    public const string VoteRequest = "vote_request";
    public const string VoteResponse = "vote_response";
    public const string VoteResult = "vote_result";
    public const string PartialResult = "partial_result";
}
