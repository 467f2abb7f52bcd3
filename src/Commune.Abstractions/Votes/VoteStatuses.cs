namespace Commune.Votes;

/// <summary>A vote's <see cref="VoteView.Status"/>.</summary>
public static class VoteStatuses
{
    public const string Open = "open";
    public const string Closed = "closed";
}
