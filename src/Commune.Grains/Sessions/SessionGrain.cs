using Commune.Models;
using Commune.Providers.Profiles;
using Commune.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Commune.Grains.Sessions;

/// <summary>
/// An ephemeral session, read top-down as a state machine: created (active) → answered → completed (run to completion) or ended (by
/// the caller) → expired and deleted, <see cref="SessionOptions.IdleTtl"/> (or its own ttl) after its last activity.
/// Expiry is reminder-driven so it survives deactivation and silo loss: one reminder per session, registered at creation, due at the
/// first deadline and then every quarter of the ttl (at least Orleans' minimum period). Activity only moves the deadline in the state it
/// writes anyway; each tick compares that deadline with the clock, and once it has passed deletes the state from storage, deletes the
/// session's ledger, and unregisters the reminder. Every step is idempotent, so a repeated tick finds nothing and removes itself.
/// Reads treat a session past its deadline as gone at once, so the visible expiry is exact even though deletion waits for a tick.
/// A model call's turns are written only once it answers: a failed or interrupted call leaves no half-written conversation.
/// </summary>
public sealed partial class SessionGrain(
    [PersistentState("session", StorageNames.Default)] IPersistentState<SessionState> state,
    ProfileCatalog profiles,
    IOptions<SessionOptions> options,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider time,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IRemindable
{
    private const string ExpiryReminder = "session-expiry";

    /// <summary>Never tick faster than this, whatever Orleans allows.</summary>
    private static readonly TimeSpan PeriodFloor = TimeSpan.FromSeconds(1);

    private string SessionId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Id is not null;

    private IBudgetGrain Ledger => GrainFactory.GetGrain<IBudgetGrain>(SessionRules.Ledger(SessionId));

    public async Task<SessionReply> CreateAsync(SessionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!SessionRules.IsValidId(SessionId))
        {
            return SessionReply.Refused(SessionErrorCode.Invalid,
                $"id must be 1 to {SessionRules.MaxIdLength} letters, digits, '-', '_' or '.', and not '{SessionRules.Reserved}'.");
        }

        if (Exists)
        {
            if (!IsPastDeadline())
            {
                return SessionReply.Refused(SessionErrorCode.Exists, $"A session with id '{SessionId}' exists; choose another id or omit it.");
            }

            // Gone for callers already; finish the deletion the next tick would do before the id is reused.
            await DeleteEverythingAsync(SessionStatuses.Expired);
        }

        if (Check(spec) is { } problem)
        {
            return problem;
        }

        var ttl = spec.Ttl ?? options.Value.IdleTtl;
        var now = time.GetUtcNow();

        // The reminder first (as the vote grain does): if anything after it fails, a tick finds no session and cleans up the ledger.
        await this.RegisterOrUpdateReminder(ExpiryReminder, ttl, Period(ttl));
        if (spec.TokenLimit is { } limit)
        {
            await Ledger.SetLimitsAsync(limit, null);
        }

        var s = new SessionState
        {
            Id = SessionId,
            Kind = spec.Kind,
            Profile = spec.Profile,
            RunToCompletion = spec.RunToCompletion ?? SessionKinds.RunsToCompletion(spec.Kind),
            CreatedAt = now,
            LastActivityAt = now,
            Ttl = ttl,
            TokenLimit = spec.TokenLimit,
            Turns = [.. (spec.Messages ?? []).Select(m => new SessionTurn(m.Role, m.Content, now))],
        };

        if (s.Turns.Count > 0)
        {
            var result = await CallAsync(s, s.Turns, spec.RequestId, spec.KeyId);
            if (result.Answer is not { } answer)
            {
                // Nothing was written: the session never existed. Its ledger and reminder go with it.
                await DeleteEverythingAsync(null);
                LogCallFailed(SessionId, s.Profile, result.Error?.Code);
                return SessionReply.CallFailed(result);
            }

            Answered(s, answer);
        }

        state.State = s;
        await WriteOrRollBackAsync();
        LogCreated(SessionId, s.Kind, s.Profile, ttl, s.Status);
        return SessionReply.Ok(View());
    }

    public async Task<SessionReply> SendAsync(string content, string? requestId, string? keyId)
    {
        if (await GoneAsync() is { } gone)
        {
            return gone;
        }

        var s = state.State;
        if (s.Status != SessionStatuses.Active)
        {
            return SessionReply.Refused(SessionErrorCode.Closed,
                $"Session '{SessionId}' is {s.Status} (since {s.ClosedAt:O}) and takes no more messages; its result stays readable until {s.ExpiresAt:O}.");
        }

        if (string.IsNullOrWhiteSpace(content) || content.Length > options.Value.MaxTurnChars)
        {
            return SessionReply.Refused(SessionErrorCode.Invalid, $"content must be 1 to {options.Value.MaxTurnChars} characters and not blank.");
        }

        if (s.Turns.Count + 2 > options.Value.MaxTurns)
        {
            return SessionReply.Refused(SessionErrorCode.Invalid,
                $"Session '{SessionId}' holds {s.Turns.Count} turns; a message and its answer would pass {SessionOptions.SectionName}:MaxTurns ({options.Value.MaxTurns}). Start a new session.");
        }

        var turn = new SessionTurn("user", content, time.GetUtcNow());
        var result = await CallAsync(s, [.. s.Turns, turn], requestId, keyId);
        if (result.Answer is not { } answer)
        {
            LogCallFailed(SessionId, s.Profile, result.Error?.Code);
            return SessionReply.CallFailed(result);
        }

        s.Turns.Add(turn);
        Answered(s, answer);
        await WriteOrRollBackAsync();
        return SessionReply.Ok(View());
    }

    public async Task<SessionReply> EndAsync()
    {
        if (await GoneAsync() is { } gone)
        {
            return gone;
        }

        var s = state.State;
        if (s.Status == SessionStatuses.Active)
        {
            var now = time.GetUtcNow();
            s.Status = SessionStatuses.Ended;
            s.ClosedAt = now;

            // Ending is activity: the result stays readable for a full ttl after it.
            s.LastActivityAt = now;
            await WriteOrRollBackAsync();
            LogEnded(SessionId);
        }

        return SessionReply.Ok(View());
    }

    public async Task<bool> DeleteAsync()
    {
        if (!Exists)
        {
            return false;
        }

        var visible = !IsPastDeadline();
        await DeleteEverythingAsync(visible ? "deleted" : SessionStatuses.Expired);
        return visible;
    }

    public Task<SessionView?> GetAsync() => Task.FromResult(Exists && !IsPastDeadline() ? View() : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }

        // Idempotent: no session (never written, or already deleted) → make sure the ledger and the reminder are gone too.
        if (!Exists)
        {
            await DeleteEverythingAsync(null);
            return;
        }

        if (IsPastDeadline())
        {
            await DeleteEverythingAsync(SessionStatuses.Expired);
        }
    }

    /// <summary>A refusal when the session does not exist or is past its deadline (then deleted now rather than at the next tick).</summary>
    private async Task<SessionReply?> GoneAsync()
    {
        if (!Exists)
        {
            return SessionReply.Refused(SessionErrorCode.NotFound, $"There is no session '{SessionId}'.");
        }

        if (IsPastDeadline())
        {
            var expiredAt = state.State.ExpiresAt;
            await DeleteEverythingAsync(SessionStatuses.Expired);
            return SessionReply.Refused(SessionErrorCode.NotFound, $"Session '{SessionId}' expired at {expiredAt:O} and was deleted.");
        }

        return null;
    }

    private bool IsPastDeadline() => time.GetUtcNow() >= state.State.ExpiresAt;

    private SessionReply? Check(SessionSpec spec)
    {
        var o = options.Value;
        if (!SessionKinds.IsKind(spec.Kind))
        {
            return SessionReply.Refused(SessionErrorCode.Invalid, $"kind must be one of {string.Join(", ", SessionKinds.All)}, not '{spec.Kind}'.");
        }

        if (string.IsNullOrEmpty(spec.Profile) || !profiles.Current.TryGet(spec.Profile, out _))
        {
            var known = string.Join(", ", profiles.Current.Profiles.Keys.Order(StringComparer.Ordinal));
            return SessionReply.Refused(SessionErrorCode.UnknownProfile, $"There is no profile '{spec.Profile}'. Profiles: {known}.");
        }

        if (spec.Ttl is { } ttl && (ttl < o.MinTtl || ttl > o.MaxTtl))
        {
            return SessionReply.Refused(SessionErrorCode.Invalid,
                $"ttl_seconds must be between {(long)o.MinTtl.TotalSeconds} and {(long)o.MaxTtl.TotalSeconds} ({SessionOptions.SectionName}:MinTtl and MaxTtl), not {(long)ttl.TotalSeconds}.");
        }

        if (spec.TokenLimit is <= 0)
        {
            return SessionReply.Refused(SessionErrorCode.Invalid, $"token_limit must be above 0 (or omitted for none), not {spec.TokenLimit}.");
        }

        var messages = spec.Messages ?? [];
        if (messages.Count > o.MaxTurns - 1)
        {
            return SessionReply.Refused(SessionErrorCode.Invalid,
                $"A session opens with at most {o.MaxTurns - 1} messages ({SessionOptions.SectionName}:MaxTurns leaves room for the answer), not {messages.Count}.");
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m is null || !SessionRules.Roles.Contains(m.Role, StringComparer.Ordinal))
            {
                return SessionReply.Refused(SessionErrorCode.Invalid, $"messages[{i}].role must be one of {string.Join(", ", SessionRules.Roles)}.");
            }

            if (string.IsNullOrWhiteSpace(m.Content) || m.Content.Length > o.MaxTurnChars)
            {
                return SessionReply.Refused(SessionErrorCode.Invalid, $"messages[{i}].content must be 1 to {o.MaxTurnChars} characters and not blank.");
            }
        }

        if (messages.Count > 0 && messages[^1].Role != "user")
        {
            return SessionReply.Refused(SessionErrorCode.Invalid, "The last opening message must be the user's: it is what the model answers.");
        }

        return null;
    }

    private async Task<ModelCallResult> CallAsync(SessionState s, IEnumerable<SessionTurn> conversation, string? requestId, string? keyId)
    {
        var call = new ModelCall(
            s.Profile,
            [.. conversation.Select(t => new ChatTurn(t.Role, t.Content))],
            Scopes: new BudgetScopes(SessionId: SessionRules.BudgetSession(SessionId), KeyId: keyId),
            RequestId: requestId ?? $"session:{SessionId}:{s.Turns.Count}");
        return await GrainFactory.GetGrain<IModelCallGrain>(0).CompleteAsync(call);
    }

    /// <summary>Records an answer: the turn with who produced it, the spend, the activity; completes a run-to-completion session.</summary>
    private void Answered(SessionState s, ModelAnswer answer)
    {
        var now = time.GetUtcNow();
        s.Turns.Add(new SessionTurn("assistant", answer.Text, now, answer.Provider, answer.Model, answer.Simulated, answer.Usage.TotalTokens, answer.CostUsd));
        s.TokensSpent += answer.Usage.TotalTokens;
        s.CostUsd += answer.CostUsd;
        s.Calls++;
        s.LastActivityAt = now;
        if (s.RunToCompletion)
        {
            s.Status = SessionStatuses.Completed;
            s.ClosedAt = now;
        }
    }

    /// <summary>Writes the state; if the write fails, reloads what storage holds so callers never read a change that was not stored.</summary>
    private async Task WriteOrRollBackAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    /// <summary>
    /// Deletes the session's state from storage, its ledger and its reminder, then lets the activation go. Idempotent, so a repeated tick
    /// or a retry after a partial failure finishes the job. <paramref name="reason"/> is logged when a session was actually deleted.
    /// </summary>
    private async Task DeleteEverythingAsync(string? reason)
    {
        var had = Exists;
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new SessionState();
        await Ledger.DeleteAsync();
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        this.DeactivateOnIdle();
        if (had && reason is not null)
        {
            LogDeleted(SessionId, reason);
        }
    }

    /// <summary>A quarter of the ttl, so deletion lags the deadline by at most that; never below Orleans' minimum reminder period.</summary>
    private TimeSpan Period(TimeSpan ttl)
    {
        var floor = reminderOptions.Value.MinimumReminderPeriod > PeriodFloor ? reminderOptions.Value.MinimumReminderPeriod : PeriodFloor;
        var quarter = ttl / 4;
        return quarter > floor ? quarter : floor;
    }

    private SessionView View()
    {
        var s = state.State;
        return new SessionView(
            SessionId,
            s.Kind,
            s.Profile,
            s.Status,
            s.RunToCompletion,
            s.Turns.ToArray(),
            s.Turns.LastOrDefault(t => t.Role == "assistant")?.Content,
            s.Turns.Any(t => t.Simulated == true),
            s.CreatedAt,
            s.LastActivityAt,
            s.ExpiresAt,
            (long)s.Ttl.TotalSeconds,
            s.ClosedAt,
            s.TokensSpent,
            s.CostUsd,
            s.Calls,
            s.TokenLimit,
            SessionRules.Ledger(SessionId));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} created: {Kind} with profile {Profile}, ttl {Ttl}, {Status}")]
    private partial void LogCreated(string sessionId, string kind, string profile, TimeSpan ttl, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} ended by its caller")]
    private partial void LogEnded(string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} deleted from storage with its ledger ({Reason})")]
    private partial void LogDeleted(string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: the call through profile {Profile} failed ({Code}); nothing was recorded")]
    private partial void LogCallFailed(string sessionId, string profile, string? code);
}
