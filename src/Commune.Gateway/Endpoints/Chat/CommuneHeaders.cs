using System.Globalization;
using System.Text;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>The <c>x-commune-*</c> response headers: who answered and the attempt trail, for clients that do not read the body.</summary>
public static class CommuneHeaders
{
    public const string Profile = "x-commune-profile";
    public const string Provider = "x-commune-provider";
    public const string Model = "x-commune-model";
    public const string Simulated = "x-commune-simulated";
    public const string Attempts = "x-commune-attempts";
    public const string Trail = "x-commune-attempt-trail";
    public const string CostUsd = "x-commune-cost-usd";
    public const string Downgraded = "x-commune-budget-downgraded";
    public const string Session = "x-commune-session";
    public const string Task = "x-commune-task";

    public static void Write(HttpResponse response, ModelCallResult result, string? provider, string? model, bool simulated, decimal? cost)
    {
        var headers = response.Headers;
        headers[Profile] = Printable(result.Profile);
        if (provider is not null)
        {
            headers[Provider] = Printable(provider);
            headers[Model] = Printable(model ?? string.Empty);
            headers[Simulated] = simulated ? "true" : "false";
        }

        headers[Attempts] = result.Attempts.Count.ToString(CultureInfo.InvariantCulture);
        headers[Trail] = TrailOf(result.Attempts);
        if (cost is { } c)
        {
            headers[CostUsd] = c.ToString("0.########", CultureInfo.InvariantCulture);
        }

        if (result.Downgraded)
        {
            headers[Downgraded] = "true";
        }
    }

    /// <summary>
    /// The value as visible ASCII: Kestrel throws on a header value with a control or non-ASCII character, and the profile echoes
    /// whatever model name the caller sent. Other bytes of its UTF-8 (and '%' itself) are percent-encoded, so the value stays readable
    /// and decodes back with any URL decoder.
    /// </summary>
    public static string Printable(string value)
    {
        if (value.All(ch => ch is >= ' ' and <= '~' and not '%'))
        {
            return value;
        }

        var encoded = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)' ' and <= (byte)'~' and not (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return encoded.ToString();
    }

    /// <summary><c>step:provider/model=outcome:latency</c>, comma-separated, e.g. <c>0:openrouter/x=rate_limited:12ms,1:anthropic/y=success:340ms</c>.</summary>
    public static string TrailOf(IReadOnlyList<ModelAttempt> attempts)
    {
        var trail = new StringBuilder();
        foreach (var a in attempts)
        {
            if (trail.Length > 0)
            {
                trail.Append(',');
            }

            trail.Append(CultureInfo.InvariantCulture, $"{a.Step}:{a.Provider}/{a.Model}={a.Outcome}:{a.LatencyMs:0}ms");
        }

        // Header values must be ASCII; model ids are, but be safe with whatever a configuration holds.
        return new string(trail.ToString().Select(ch => ch is >= ' ' and <= '~' ? ch : '?').ToArray());
    }
}
