namespace Commune.Sessions;

/// <summary>
/// Session statuses. <see cref="Active"/> takes messages; <see cref="Completed"/> (answered, run to completion) and <see cref="Ended"/>
/// (ended by the caller) do not but stay readable; <see cref="Expired"/> is past its deadline: unreadable and deleted by the next tick.
/// </summary>
public static class SessionStatuses
{
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Ended = "ended";
    public const string Expired = "expired";
}
