using Orleans.Concurrency;

namespace Commune.Sessions;

/// <summary>
/// One ephemeral session (key = session id, see <see cref="SessionRules.IsValidId"/>): a conversation with one profile, its own budget
/// ledger (<see cref="SessionRules.Ledger"/>), and an idle deadline after which a reminder deletes it from storage.
/// </summary>
[Alias("commune.sessions.ISessionGrain")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Creates the session and, when <see cref="SessionSpec.Messages"/> holds a prompt, answers it; refused if the id is in use.</summary>
    /// <remarks>Waits as long as the model call may (<see cref="Commune.Models.IModelCallGrain"/>): the default 30 s would fail the caller
    /// while the grain goes on to record the session.</remarks>
    [ResponseTimeout("00:10:00")]
    Task<SessionReply> CreateAsync(SessionSpec spec);

    /// <summary>
    /// Adds a user turn to an active session and answers it with the whole conversation; <paramref name="keyId"/> is the caller's API key
    /// id, whose ledger is charged too. A failed call leaves the session as it was. Waits as long as the model call may.
    /// </summary>
    [ResponseTimeout("00:10:00")]
    Task<SessionReply> SendAsync(string content, string? requestId, string? keyId);

    /// <summary>Ends an active session: no more messages; it stays readable until it expires. Ending an ended or completed one changes nothing.</summary>
    /// <remarks>Queues behind a running model call, so it may wait as long as that call.</remarks>
    [ResponseTimeout("00:10:00")]
    Task<SessionReply> EndAsync();

    /// <summary>Deletes the session, its ledger and its reminder now; false if there was no session.</summary>
    /// <remarks>Queues behind a running model call, so it may wait as long as that call.</remarks>
    [ResponseTimeout("00:10:00")]
    Task<bool> DeleteAsync();

    /// <summary>The session, or null if it never existed, was deleted, or is past its deadline. Interleaves: readable while a call runs.</summary>
    [AlwaysInterleave]
    Task<SessionView?> GetAsync();
}
