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
            var unit = match.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                _ => TimeSpan.FromDays(1),
            };

            // 999999999d is beyond TimeSpan (FromDays would throw): it saturates, and the grain refuses it as too long a window.
            var ticks = value * unit.Ticks;
            var span = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)Math.Round(ticks));
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
