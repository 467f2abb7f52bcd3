namespace Commune.Messages;

/// <summary>The topics the task system publishes to, and the message types of seed 002 it uses.</summary>
public static class Topics
{
    /// <summary>Help requests for orchestrators: a task failed its last attempt.</summary>
    public const string Orchestrators = "orchestrators";

    /// <summary>System-wide announcements (vote results).</summary>
    public const string Broadcast = "broadcast";

    /// <summary>Review requests and verdicts.</summary>
    public const string Reviews = "reviews";

    /// <summary>A task's own topic: its lifecycle messages.</summary>
    public static string ForTask(string taskId) => "task:" + taskId;

    /// <summary>A vote's own topic: its ballots and result.</summary>
    public static string ForVote(string voteId) => "vote:" + voteId;

    /// <summary>Longest topic name accepted.</summary>
    public const int MaxLength = 200;
}
