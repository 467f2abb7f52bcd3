namespace Commune.Models;

/// <summary>What happened on one chain step; the snake_case names appear in the attempt trail.</summary>
public static class AttemptOutcome
{
    public const string Success = "success";
    public const string SkippedBreakerOpen = "skipped_breaker_open";
    public const string SkippedSmallerContext = "skipped_smaller_context";

    /// <summary>The step's model cannot honour something the request needs (tools, images, structured output, prefill); not tried.</summary>
    public const string SkippedUnsupported = "skipped_unsupported";
    public const string RateLimited = "rate_limited";
    public const string SpendLimit = "spend_limit";
    public const string Billing = "billing";
    public const string Auth = "auth";
    public const string ServerError = "server_error";
    public const string Overloaded = "overloaded";
    public const string Timeout = "timeout";
    public const string ContextLength = "context_length";
    public const string ContentPolicy = "content_policy";
    public const string Connection = "connection";
    public const string StreamCut = "stream_cut";
    public const string StreamStall = "stream_stall";
    public const string StreamMalformed = "stream_malformed";
    public const string BadRequest = "bad_request";
    public const string Unknown = "unknown";
}
