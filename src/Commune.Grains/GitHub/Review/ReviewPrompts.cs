using System.Globalization;
using System.Text;
using System.Text.Json;
using Commune.GitHub;
using Commune.Models;

namespace Commune.Grains.GitHub.Review;

/// <summary>The conversations sent to each reviewer role and to the validator.</summary>
public static class ReviewPrompts
{
    private const string FindingShape =
        """[{"focus": "<area>", "severity": "critical" | "high" | "medium" | "low", "title": "<one line>", "detail": "<why it is a problem and what to do>", "path": "<file path in the diff or null>", "line": <line number on the new side or null>}]""";

    private static readonly JsonSerializerOptions Compact = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>What each built-in role looks for; another role name is used as its own instruction.</summary>
    public static string Focus(string role) => role switch
    {
        ReviewRoles.Style => "style and conventions: naming, readability, consistency with the surrounding code, dead or duplicated code, "
            + "misleading comments, error messages and API shape",
        ReviewRoles.Security => "security: injection, authentication and authorisation gaps, secrets in code or logs, unsafe deserialisation, "
            + "missing input validation, path traversal, SSRF, weak cryptography, race conditions with security impact",
        ReviewRoles.Performance => "performance and scalability: algorithmic complexity, needless allocations and copies, N+1 queries, blocking "
            + "calls on hot or async paths, unbounded growth of memory, queues or logs, missing caching or batching",
        ReviewRoles.Tests => "tests: changed behaviour without tests, missing edge and failure cases, assertions that cannot fail, flaky timing, "
            + "tests that mock what they should exercise",
        _ => role,
    };

    /// <summary>A reviewer's conversation: its role, the answer shape, then the PR and its diff (or why there is none).</summary>
    public static IReadOnlyList<ChatTurn> Reviewer(string role, ReviewRequest request, string? diff, bool diffCut)
    {
        var system = $"""
            You are one of several independent code reviewers of a pull request. Your role: {role}. Look only for problems of {Focus(role)}.
            Other reviewers cover the other areas; do not comment outside yours. Report only real problems in the changed code, not praise,
            not style preferences outside your role, not speculation you cannot point at. Severity: critical = exploitable or data-losing,
            must not merge; high = a real bug or risk that should block; medium = should be fixed; low = minor.
            Answer with ONLY a JSON array, no prose, no code fence, in this shape ("focus" is "{role}" unless the problem clearly belongs
            to another area): {FindingShape}
            Answer [] when you find nothing.
            """;
        return [new ChatTurn("system", system), new ChatTurn("user", PullRequest(request, diff, diffCut))];
    }

    /// <summary>The validator's conversation: the candidate findings with their ids, and the same PR context.</summary>
    public static IReadOnlyList<ChatTurn> Validator(IReadOnlyList<ReviewFinding> candidates, ReviewRequest request, string? diff, bool diffCut)
    {
        var list = candidates.Select(f => new
        {
            id = f.Id,
            focus = f.Focus,
            severity = f.Severity,
            title = f.Title,
            detail = f.Detail,
            path = f.Path,
            line = f.Line,
            reported_by = f.Reviewers.Count,
        });
        var system = """
            You are a conservative validator of code review findings. Other reviewers produced the candidate findings below. Your only job
            is to decide, for each candidate, whether it is a real problem supported by the pull request: confirm it, or reject it as a
            false positive (not in the diff, wrong about the code, pure preference, or too speculative to act on). Do NOT report new
            findings and do not change severities. When the evidence is not in front of you, prefer confirm for critical and high
            findings and reject for speculative low ones.
            Answer with ONLY a JSON array, one entry per candidate id: [{"id": "f1", "verdict": "confirm" | "reject", "reason": "<short>"}]
            """;
        var user = new StringBuilder(PullRequest(request, diff, diffCut))
            .Append("\n\nCandidate findings:\n")
            .Append(JsonSerializer.Serialize(list, Compact))
            .ToString();
        return [new ChatTurn("system", system), new ChatTurn("user", user)];
    }

    private static string PullRequest(ReviewRequest request, string? diff, bool diffCut)
    {
        var pr = request.PullRequest;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Pull request {pr.ReviewKey(request.HeadSha)}\n")
            .Append(CultureInfo.InvariantCulture, $"Title: {request.Title}\n");
        if (!string.IsNullOrWhiteSpace(request.Author))
        {
            text.Append(CultureInfo.InvariantCulture, $"Author: {request.Author}\n");
        }

        if (request.BaseRef is not null || request.HeadRef is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Merging {request.HeadRef ?? "?"} into {request.BaseRef ?? "?"}\n");
        }

        text.Append("Description:\n").Append(string.IsNullOrWhiteSpace(request.Body) ? "(none)" : request.Body.Trim()).Append("\n\n");
        if (diff is null)
        {
            text.Append("The diff could not be fetched. Review on the title, description and refs only; say in each finding's detail that ")
                .Append("it is based on the description, not the code, and report nothing you cannot support from them.");
        }
        else
        {
            text.Append("Unified diff").Append(diffCut ? " (cut: later files are missing, do not guess about them)" : "").Append(":\n")
                .Append(diff);
        }

        return text.ToString();
    }
}
