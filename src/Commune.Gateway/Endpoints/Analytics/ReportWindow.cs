using System.Globalization;
using System.Text.RegularExpressions;

namespace Commune.Gateway.Endpoints.Analytics;

/// <summary>
/// The report's <c>window</c>: a whole number of steps (<c>120</c>) or a duration (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>500ms</c>, or
/// <c>hh:mm:ss</c>). Whether it fits the team's ring is the grain's rule (422); this only reads it (400).
/// </summary>
public static partial class ReportWindow
{
    public static bool TryParse(string text, out int? steps, out TimeSpan? duration)
    {
        steps = null;
        duration = null;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            steps = (int)Math.Min(count, int.MaxValue);
            return true;
        }

        if (Unit().Match(text) is { Success: true } match)
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var span = match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
            duration = span;
            return span > TimeSpan.Zero;
        }

        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero)
        {
            duration = parsed;
            return true;
        }

        return false;
    }

    [GeneratedRegex(@"^(\d{1,9}(?:\.\d{1,6})?)(ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Unit();
}
