using Commune.Grains.GitHub.Review;

namespace Commune.Tests.GitHub.Review;

/// <summary>Reading findings and verdicts out of what models actually write.</summary>
public sealed class ReviewAnswerParserTests
{
    [Fact]
    public void Findings_are_read_through_code_fences_prose_and_a_wrapping_object_with_severities_and_lines_normalised()
    {
        const string Answer = """
            Sure! See [1] for details. Here are my findings:
            ```json
            {"findings": [
              {"focus": "Security", "severity": "MAJOR", "title": "Secret in log", "detail": "The token is logged.", "path": "b/src/Log.cs", "line": "42"},
              {"severity": "nit", "title": "Typo", "path": null, "line": 0},
              {"severity": "high", "detail": "No title but a detail"},
              {"severity": "high"}
            ]}
            ```
            Let me know if you need more.
            """;

        var (findings, error) = ReviewAnswerParser.Findings(Answer, "review-security", "security", 25);

        Assert.Null(error);
        Assert.Equal(3, findings.Count);
        var first = findings[0];
        Assert.Equal(("security", "high", "Secret in log", "src/Log.cs", (int?)42), (first.Focus, first.Severity, first.Title, first.Path, first.Line));
        Assert.Equal("review-security", first.Reviewer);
        Assert.Contains(findings, f => f.Title == "No title but a detail" && f.Focus == "security");
        var typo = findings.Single(f => f.Title == "Typo");
        Assert.Equal(("low", null, null), (typo.Severity, typo.Path, typo.Line));
    }

    [Fact]
    public void An_empty_array_is_nothing_found_and_an_answer_without_JSON_is_an_error()
    {
        Assert.Equal((0, null), Count(ReviewAnswerParser.Findings("No problems. []", "p", "style", 25)));
        Assert.NotNull(ReviewAnswerParser.Findings("Looks good to me!", "p", "style", 25).Error);
        Assert.NotNull(ReviewAnswerParser.Findings("[{\"title\": \"cut off", "p", "style", 25).Error);
        Assert.NotNull(ReviewAnswerParser.Findings("see [1, 2]", "p", "style", 25).Error);
    }

    [Fact]
    public void A_flooding_reviewer_keeps_its_most_severe_findings()
    {
        var answer = "[" + string.Join(",", Enumerable.Range(0, 30).Select(i => $"{{\"severity\": \"{(i == 29 ? "critical" : "low")}\", \"title\": \"t{i}\"}}")) + "]";
        var (findings, _) = ReviewAnswerParser.Findings(answer, "p", "style", 5);
        Assert.Equal(5, findings.Count);
        Assert.Equal("critical", findings[0].Severity);
    }

    [Fact]
    public void Verdicts_map_confirm_and_reject_words_by_id()
    {
        var (verdicts, error) = ReviewAnswerParser.Verdicts("""
            Here you go: [{"id": "f1", "verdict": "confirm"}, {"id": "F2", "verdict": "Reject", "reason": "not in diff"},
            {"id": "f3", "confirmed": false}, {"id": "f4", "verdict": "maybe"}]
            """);

        Assert.Null(error);
        Assert.True(verdicts["f1"]);
        Assert.False(verdicts["f2"]);
        Assert.False(verdicts["f3"]);
        Assert.False(verdicts.ContainsKey("f4"));
        Assert.NotNull(ReviewAnswerParser.Verdicts("I agree with all of them.").Error);
    }

    private static (int, string?) Count((IReadOnlyList<CandidateFinding> Findings, string? Error) result) => (result.Findings.Count, result.Error);
}
