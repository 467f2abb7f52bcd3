using System.Diagnostics;
using System.Text.Json;
using Commune.Messages;
using Commune.Votes;
using Microsoft.Extensions.Logging;

namespace Commune.Grains.Votes;

/// <summary>
/// A vote, read top-down as a state machine: created (open) → ballots → closed, by the last eligible ballot or at the deadline.
/// The deadline has two triggers: a grain timer for the exact moment while the vote is active, and a reminder (due at the deadline,
/// then every minute) that survives deactivation and silo loss. Whichever comes first closes the vote; the other finds it closed.
/// Every message the vote publishes is written to an outbox with the state change that caused it, under a deterministic id, and
/// removed once published, so each is published exactly once however often a tick repeats. The reminder is dropped once the vote
/// is closed and its outbox is empty.
/// </summary>
public sealed partial class VoteGrain(
    [PersistentState("vote", StorageNames.Default)] IPersistentState<VoteState> state,
    TimeProvider time,
    ILogger<VoteGrain> logger) : Grain, IVoteGrain, IRemindable
{
    private const string DeadlineReminder = "vote-deadline";

    /// <summary>The publisher of vote results: the cluster, on the vote's behalf.</summary>
    private const string ResultSender = "commune";

    /// <summary>Orleans' minimum reminder period; the reminder only matters after the deadline.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private IGrainTimer? _deadlineTimer;
    private bool _reminderCleared;

    private string VoteId => this.GetPrimaryKeyString();

    private bool Exists => state.State.Id is not null;

    private bool IsOpen => Exists && state.State.Result is null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsOpen)
        {
            if (!await CloseIfDueAsync())
            {
                ScheduleDeadlineTimer();
            }
        }

        await FlushOutboxAsync();
    }

    public async Task<VoteReply> CreateAsync(VoteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Exists)
        {
            return VoteReply.Refused(VoteErrorCode.Exists, $"A vote with id '{VoteId}' already exists; choose another id or omit it.");
        }

        if (!VoteRules.IsValidId(VoteId))
        {
            return VoteReply.Refused(
                VoteErrorCode.Invalid,
                $"id must be 1 to {VoteRules.MaxIdLength} letters, digits, '-', '_', '.' or ':'.");
        }

        if (VoteRules.Check(spec) is { } problem)
        {
            return VoteReply.Refused(VoteErrorCode.Invalid, problem);
        }

        var now = time.GetUtcNow();
        var s = new VoteState
        {
            Id = VoteId,
            Question = spec.Question,
            Options = [.. spec.Options],
            Voters = [.. spec.Voters],
            RequiredRatio = spec.RequiredRatio,
            CreatedBy = spec.CreatedBy,
            CreatedAt = now,
            Deadline = now.AddSeconds(spec.DeadlineSeconds),
        };
        var request = new
        {
            Action = MessageTypes.VoteRequest,
            VoteId,
            s.Question,
            s.Options,
            s.Voters,
            s.RequiredRatio,
            s.Deadline,
            DeadlineMs = spec.DeadlineSeconds * 1000L,
            s.CreatedBy,
        };
        s.Outbox.Add(Envelope($"{MessageTypes.VoteRequest}:{VoteId}", MessageTypes.VoteRequest, s.CreatedBy, Topics.Broadcast, request, now));
        s.Outbox.Add(Envelope($"{MessageTypes.VoteRequest}:{VoteId}", MessageTypes.VoteRequest, s.CreatedBy, Topics.ForVote(VoteId), request, now));

        // The reminder first: if the state write then fails, a tick finds no vote and removes it; the other way round a vote could
        // exist with nothing to close it after a deactivation.
        await this.RegisterOrUpdateReminder(DeadlineReminder, s.Deadline - now, ReminderPeriod);
        state.State = s;
        await state.WriteStateAsync();
        ScheduleDeadlineTimer();
        LogCreated(VoteId, s.CreatedBy, s.Options.Count, s.Voters.Count, s.Deadline);

        await FlushOutboxAsync();
        return VoteReply.Ok(View());
    }

    public async Task<VoteReply> CastAsync(string voter, string choice, string? rationale)
    {
        if (!Exists)
        {
            return VoteReply.Refused(VoteErrorCode.NotFound, $"There is no vote '{VoteId}'.");
        }

        await CloseIfDueAsync();
        var s = state.State;
        if (s.Result is { } result)
        {
            return VoteReply.Refused(
                VoteErrorCode.Closed,
                $"Vote '{VoteId}' closed at {result.ClosedAt:O} ({result.ClosedBy}); it accepts no more ballots.");
        }

        if (!s.Voters.Contains(voter, StringComparer.Ordinal))
        {
            return VoteReply.Refused(VoteErrorCode.NotEligible, $"'{voter}' is not an eligible voter of vote '{VoteId}'.");
        }

        if (s.Ballots.Find(b => b.Voter == voter) is { } earlier)
        {
            return VoteReply.Refused(
                VoteErrorCode.AlreadyVoted,
                $"'{voter}' already voted '{earlier.Choice}' at {earlier.CastAt:O}; each voter casts one ballot.");
        }

        if (choice != VoteRules.Abstain && !s.Options.Contains(choice, StringComparer.Ordinal))
        {
            return VoteReply.Refused(
                VoteErrorCode.InvalidChoice,
                $"'{choice}' is not an option of vote '{VoteId}': choose one of {string.Join(", ", s.Options.Select(o => $"'{o}'"))} or '{VoteRules.Abstain}'.");
        }

        if (VoteRules.CheckRationale(rationale) is { } problem)
        {
            return VoteReply.Refused(VoteErrorCode.Invalid, problem);
        }

        var now = time.GetUtcNow();
        var ballot = new Ballot(voter, choice, rationale, now);
        s.Ballots.Add(ballot);
        var response = new { Action = MessageTypes.VoteResponse, VoteId, ballot.Voter, ballot.Choice, ballot.Rationale, ballot.CastAt };
        s.Outbox.Add(Envelope($"{MessageTypes.VoteResponse}:{VoteId}:{voter}", MessageTypes.VoteResponse, voter, Topics.ForVote(VoteId), response, now));
        if (s.Ballots.Count == s.Voters.Count)
        {
            Close(VoteClosers.AllVoted, now);
        }

        await state.WriteStateAsync();
        await AfterChangeAsync();
        return VoteReply.Ok(View());
    }

    public async Task<VoteView?> GetAsync()
    {
        if (!Exists)
        {
            return null;
        }

        // A read just past the deadline sees the vote closed even if the timer has not fired yet.
        await CloseIfDueAsync();
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder)
        {
            return;
        }

        if (!Exists)
        {
            // Registered by a create whose state write failed.
            await ClearReminderAsync();
            return;
        }

        // Idempotent: closing happens once (CloseIfDueAsync checks the state), the outbox only holds what is unpublished.
        if (!await CloseIfDueAsync())
        {
            await FlushOutboxAsync();
            if (!IsOpen && state.State.Outbox.Count == 0)
            {
                await ClearReminderAsync();
            }
        }
    }

    /// <summary>Closes the vote at its deadline if it is open and the deadline has passed; true if this call closed it.</summary>
    private async Task<bool> CloseIfDueAsync()
    {
        if (!IsOpen)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (now < state.State.Deadline)
        {
            return false;
        }

        Close(VoteClosers.Deadline, now);
        await state.WriteStateAsync();
        await AfterChangeAsync();
        return true;
    }

    /// <summary>Tallies and queues the result messages; the caller writes the state.</summary>
    private void Close(string closedBy, DateTimeOffset now)
    {
        var s = state.State;
        var result = VoteTally.Compute(s.Options, s.Voters, s.Ballots, s.RequiredRatio, now, closedBy);
        s.Result = result;
        var payload = new
        {
            Action = MessageTypes.VoteResult,
            VoteId,
            result.Outcome,
            Result = result.Winner,
            result.Winner,
            result.Tally,
            result.Abstentions,
            result.NotVoted,
            EligibleVoters = s.Voters.Count,
            s.RequiredRatio,
            result.ClosedBy,
            result.ClosedAt,
        };
        s.Outbox.Add(Envelope($"{MessageTypes.VoteResult}:{VoteId}", MessageTypes.VoteResult, ResultSender, Topics.Broadcast, payload, now));
        s.Outbox.Add(Envelope($"{MessageTypes.VoteResult}:{VoteId}", MessageTypes.VoteResult, ResultSender, Topics.ForVote(VoteId), payload, now));
        LogClosed(VoteId, closedBy, result.Outcome, result.Winner, s.Ballots.Count, s.Voters.Count);
    }

    /// <summary>After a state write: publish what it queued; once closed, stop the timer and, with nothing left to publish, the reminder.</summary>
    private async Task AfterChangeAsync()
    {
        if (!IsOpen)
        {
            _deadlineTimer?.Dispose();
            _deadlineTimer = null;
        }

        await FlushOutboxAsync();
        if (!IsOpen && state.State.Outbox.Count == 0)
        {
            await ClearReminderAsync();
        }
    }

    private void ScheduleDeadlineTimer()
    {
        _deadlineTimer?.Dispose();
        var remaining = state.State.Deadline - time.GetUtcNow();
        _deadlineTimer = this.RegisterGrainTimer(
            OnDeadlineTimerAsync,
            new GrainTimerCreationOptions(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    private async Task OnDeadlineTimerAsync(CancellationToken cancellationToken)
    {
        if (!await CloseIfDueAsync() && IsOpen)
        {
            // Fired a hair early by the clock: wait for the rest.
            ScheduleDeadlineTimer();
        }
    }

    /// <summary>Publishes the outbox in order; what fails stays for the next call or reminder tick (topics are idempotent on id).</summary>
    private async Task FlushOutboxAsync()
    {
        var outbox = state.State.Outbox;
        var published = 0;
        try
        {
            foreach (var message in outbox)
            {
                await GrainFactory.GetGrain<ITopicGrain>(message.Topic!).PublishAsync(message);
                published++;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogPublishFailed(ex, VoteId, outbox[published].Id, outbox[published].Topic, outbox.Count - published);
        }

        if (published > 0)
        {
            outbox.RemoveRange(0, published);
            await state.WriteStateAsync();
        }
    }

    private async Task ClearReminderAsync()
    {
        if (_reminderCleared)
        {
            return;
        }

        if (await this.GetReminder(DeadlineReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderCleared = true;
    }

    private static MessageEnvelope Envelope(string id, string type, string from, string topic, object payload, DateTimeOffset now) => new(
        id,
        type,
        from,
        null,
        topic,
        JsonSerializer.Serialize(payload, PayloadJson),
        Activity.Current?.TraceId.ToHexString(),
        now,
        MessageEnvelope.CurrentSchemaVersion,
        0);

    private VoteView View()
    {
        var s = state.State;
        return new VoteView(
            VoteId,
            s.Question,
            s.Options.ToArray(),
            s.Voters.ToArray(),
            s.RequiredRatio,
            s.CreatedBy,
            s.CreatedAt,
            s.Deadline,
            s.Result is null ? VoteStatuses.Open : VoteStatuses.Closed,
            s.Ballots.ToArray(),
            s.Result);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vote {VoteId} opened by {CreatedBy}: {Options} options, {Voters} voters, deadline {Deadline}")]
    private partial void LogCreated(string voteId, string createdBy, int options, int voters, DateTimeOffset deadline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vote {VoteId} closed ({ClosedBy}): {Outcome}, winner {Winner}, {Ballots} of {Voters} ballots")]
    private partial void LogClosed(string voteId, string closedBy, string outcome, string? winner, int ballots, int voters);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vote {VoteId} could not publish {MessageId} to {Topic}; {Pending} messages wait for the next attempt")]
    private partial void LogPublishFailed(Exception exception, string voteId, string messageId, string? topic, int pending);
}
