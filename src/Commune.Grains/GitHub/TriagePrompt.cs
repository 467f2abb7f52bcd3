using System.Globalization;
using System.Text;
using Commune.GitHub;
using Commune.Models;

namespace Commune.Grains.GitHub;

/// <summary>What the ci-triage profile is asked, and the PR comment its answer becomes.</summary>
public static class TriagePrompt
{
    public const string System =
        "You are a CI triage agent. A check failed on a pull request. From the failure details, name the most likely cause, the file or " +
        "step involved when the output shows it, and the smallest fix. Say plainly when the output is not enough to tell. Be brief: " +
        "a few sentences or bullets in Markdown.";

    public static IReadOnlyList<ChatTurn> For(TriageRequest request, int maxOutputChars)
    {
        var c = request.Check;
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Pull request {request.PullRequest.Key}: {request.Title}\n")
            .Append(CultureInfo.InvariantCulture, $"Branch {request.HeadRef ?? "?"} into {request.BaseRef ?? "?"}, head {c.HeadSha}\n")
            .Append(CultureInfo.InvariantCulture, $"Failed {c.Kind.Replace('_', ' ')}: {c.Name} (conclusion: {c.Conclusion})\n");
        Section(text, "Output title", c.Title, maxOutputChars);
        Section(text, "Output summary", c.Summary, maxOutputChars);
        Section(text, "Output text (end)", Tail(c.Text, maxOutputChars), maxOutputChars);
        if (c.DetailsUrl is { } url)
        {
            text.Append(CultureInfo.InvariantCulture, $"Details: {url}\n");
        }

        return [new ChatTurn("system", System), new ChatTurn("user", text.ToString())];
    }

    /// <summary>The comment posted on the PR: which check, what the model said, and which model said it.</summary>
    public static string Comment(TriageRequest request, ModelAnswer answer)
    {
        var c = request.Check;
        var sha = c.HeadSha.Length > 7 ? c.HeadSha[..7] : c.HeadSha;
        var simulated = answer.Simulated ? " (simulated provider)" : "";
        return $"**CI triage: `{c.Name}` {c.Conclusion} on {sha}**\n\n{answer.Text.Trim()}\n\n" +
               $"<sub>Commune ci-triage · {answer.Provider}/{answer.Model}{simulated} · {answer.Usage.TotalTokens} tokens</sub>";
    }

    private static void Section(StringBuilder text, string name, string? value, int max)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{name}:\n{(value.Length > max ? value[..max] : value)}\n");
        }
    }

    private static string? Tail(string? value, int max) => value is { } v && v.Length > max ? v[^max..] : value;
}
