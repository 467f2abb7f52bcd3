using System.Globalization;
using System.Text.RegularExpressions;

namespace Commune.Grains.GitHub.Review;

/// <summary>
/// Which lines of a unified diff GitHub accepts a review line comment on: a new-side line inside one of the file's hunks. GitHub
/// refuses the whole review (422 "line could not be resolved") when one comment names any other line, and models do name them.
/// </summary>
public static partial class DiffLines
{
    /// <summary>Whether <paramref name="line"/> (new side) of <paramref name="path"/> is inside one of its hunks in <paramref name="diff"/>.</summary>
    public static bool Commentable(string? diff, string path, int line)
    {
        if (diff is null || line < 1)
        {
            return false;
        }

        string? file = null;
        int oldLeft = 0, newLeft = 0;
        foreach (var text in diff.Split('\n'))
        {
            var first = text.Length == 0 ? ' ' : text[0];
            if ((oldLeft > 0 || newLeft > 0) && first is ' ' or '-' or '+' or '\\')
            {
                // Inside a hunk: count its lines so an added line that looks like a "+++" header is not read as one. Any other line
                // (the next "diff --git" or "@@") ends the hunk even when its counts were off.
                oldLeft -= first is ' ' or '-' ? 1 : 0;
                newLeft -= first is ' ' or '+' ? 1 : 0;
                continue;
            }

            oldLeft = newLeft = 0;

            if (text.StartsWith("+++ ", StringComparison.Ordinal))
            {
                file = text.StartsWith("+++ b/", StringComparison.Ordinal) ? text[6..].TrimEnd('\r') : null;
            }
            else if (text.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                file = null;
            }
            else if (HunkHeader().Match(text) is { Success: true } hunk)
            {
                oldLeft = Count(hunk.Groups[2]);
                newLeft = Count(hunk.Groups[4]);
                var start = long.Parse(hunk.Groups[3].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
                if (file == path && line >= start && line < start + newLeft)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int Count(Group group) =>
        !group.Success ? 1 : int.TryParse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    [GeneratedRegex(@"^@@ -([0-9]{1,9})(?:,([0-9]{1,9}))? \+([0-9]{1,9})(?:,([0-9]{1,9}))? @@")]
    private static partial Regex HunkHeader();
}
