using Commune.Models;

namespace Commune.Sessions;

/// <summary>
/// A session grain's answer: the session, or a <see cref="SessionErrorCode"/> with a detail saying what was refused. When a model call
/// failed, <see cref="Call"/> carries its error and attempt trail, and the session is as it was before the call.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.sessions.SessionReply")]
public sealed record SessionReply(
    [property: Id(0)] SessionView? Session,
    [property: Id(1)] string? Error,
    [property: Id(2)] string? Detail,
    [property: Id(3)] ModelCallResult? Call = null)
{
    public static SessionReply Ok(SessionView session) => new(session, null, null);

    public static SessionReply Refused(string error, string detail) => new(null, error, detail);

    public static SessionReply CallFailed(ModelCallResult call) => new(null, SessionErrorCode.CallFailed, call.Error?.Message, call);
}
