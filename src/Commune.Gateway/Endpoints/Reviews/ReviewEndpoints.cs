using System.Globalization;
using System.Text.RegularExpressions;
using Commune.GitHub;

namespace Commune.Gateway.Endpoints.Reviews;

/// <summary>
/// The multi-model review of a PR's head SHA, human feedback on its findings, and the reviewers' calibration that feedback builds.
/// Reviews themselves are started by the PR's session; these routes read them and mark findings.
/// </summary>
public static partial class ReviewEndpoints
{
    public const int MaxByLength = 100;

    public static RouteGroupBuilder MapReviewEndpoints(this RouteGroupBuilder v1)
    {
        var reviews = v1.MapGroup("/sessions/github/{owner}/{repo}/pulls/{number}/reviews/{sha}").WithTags("Reviews");
        reviews.MapGet("", GetAsync).WithName("GetReview")
            .WithSummary("The multi-model review of one head SHA: status, verdict, ranked findings, each reviewer's run, what was posted.");
        reviews.MapPost("/findings/{findingId}/feedback", FeedbackAsync).WithName("MarkFinding")
            .WithSummary("Marks a finding useful or noise; the reviewers that reported it are credited in their calibration (a new mark replaces the old).");
        v1.MapGet("/reviews/calibration", CalibrationAsync).WithTags("Reviews").WithName("ReviewCalibration")
            .WithSummary("Precision (useful / marked) per reviewer profile and focus area, and which are demoted in new reviews.");
        return v1;
    }

    private static async Task<IResult> GetAsync(string owner, string repo, string number, string sha, IGrainFactory grains)
    {
        if (Key(owner, repo, number, sha, out var key) is { } invalid)
        {
            return invalid;
        }

        var view = await grains.GetGrain<IPullRequestReviewGrain>(key).GetAsync();
        return view is null ? ReviewProblems.NoReview(key) : Results.Ok(view);
    }

    private static async Task<IResult> FeedbackAsync(
        string owner, string repo, string number, string sha, string findingId, HttpContext context, IGrainFactory grains)
    {
        if (Key(owner, repo, number, sha, out var key) is { } invalid)
        {
            return invalid;
        }

        if (!FindingIdPattern().IsMatch(findingId))
        {
            return ReviewProblems.Invalid($"findingId must be 1-40 letters, digits, '-' or '_' (finding ids look like f1), not '{findingId}'.");
        }

        var (body, problem) = await JsonBody.ReadAsync<FeedbackRequest>(context.Request, "{\"verdict\": \"useful\" | \"noise\", \"by\"?: …}");
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.Verdict))
        {
            return ReviewProblems.Invalid("verdict is required: \"useful\" or \"noise\".");
        }

        if (body.By is { } by && (by.Length > MaxByLength || by.Any(char.IsControl)))
        {
            return ReviewProblems.Invalid($"by is at most {MaxByLength} characters without control characters.");
        }

        var result = await grains.GetGrain<IPullRequestReviewGrain>(key)
            .FeedbackAsync(new ReviewFeedback(findingId, body.Verdict, string.IsNullOrWhiteSpace(body.By) ? null : body.By.Trim()));
        return result.Finding is { } finding ? Results.Ok(finding) : ReviewProblems.Refused(result);
    }

    private static async Task<IResult> CalibrationAsync(IGrainFactory grains) =>
        Results.Ok(await grains.GetGrain<IReviewCalibrationIndexGrain>(0).GetAsync());

    /// <summary>The review key for the route values, or the problem with the first bad one.</summary>
    private static IResult? Key(string owner, string repo, string number, string sha, out string key)
    {
        key = "";
        if (!PullRequestRef.IsName(owner) || !PullRequestRef.IsName(repo))
        {
            return ReviewProblems.Invalid("owner and repo must be GitHub names: letters, digits, '.', '-' or '_', at most 100 characters.");
        }

        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || PullRequestRef.Create(owner, repo, n) is not { } pr)
        {
            return ReviewProblems.Invalid($"number must be a positive pull request number, not '{number}'.");
        }

        if (!ShaPattern().IsMatch(sha))
        {
            return ReviewProblems.Invalid($"sha must be a commit SHA of 7 to 64 hexadecimal digits, not '{sha}'.");
        }

        key = pr.ReviewKey(sha);
        return null;
    }

    [GeneratedRegex(@"^[0-9A-Fa-f]{7,64}\z")]
    private static partial Regex ShaPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,40}\z")]
    private static partial Regex FindingIdPattern();
}
