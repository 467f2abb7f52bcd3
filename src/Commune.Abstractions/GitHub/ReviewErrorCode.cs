namespace Commune.GitHub;

/// <summary>Why a review refused a command; the gateway maps each to an HTTP status.</summary>
public static class ReviewErrorCode
{
    /// <summary>No review of that head SHA was ever started.</summary>
    public const string ReviewNotFound = "review_not_found";

    /// <summary>The review has no finding with that id.</summary>
    public const string FindingNotFound = "finding_not_found";

    /// <summary>The review has not finished: its findings are not final yet.</summary>
    public const string NotFinished = "review_not_finished";

    /// <summary>The mark is not <c>useful</c> or <c>noise</c>.</summary>
    public const string InvalidVerdict = "invalid_verdict";
}
