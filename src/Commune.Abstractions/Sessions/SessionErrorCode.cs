namespace Commune.Sessions;

/// <summary>Why a session grain refused a call; the gateway maps each to an HTTP status.</summary>
public static class SessionErrorCode
{
    /// <summary>No session with this id, or it expired and was deleted (404).</summary>
    public const string NotFound = "session_not_found";

    /// <summary>A session with this id exists (409).</summary>
    public const string Exists = "session_exists";

    /// <summary>The session is completed or ended and takes no more messages (409).</summary>
    public const string Closed = "session_closed";

    /// <summary>The request breaks a rule: ttl out of bounds, too many turns, a turn too long… (422).</summary>
    public const string Invalid = "invalid_session";

    /// <summary>The profile is not configured (422).</summary>
    public const string UnknownProfile = "unknown_profile";

    /// <summary>The model call failed; <see cref="SessionReply.Call"/> says how (status as for chat completions).</summary>
    public const string CallFailed = "call_failed";
}
