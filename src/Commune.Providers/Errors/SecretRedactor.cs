using System.Text.RegularExpressions;

namespace Commune.Providers.Errors;

/// <summary>
/// Scrubs credentials from upstream error text before Commune stores, returns or logs it. Upstreams (an OpenRouter 400, a proxy's 502
/// page, GitHub) sometimes echo the request's headers or key; the rest of their text explains the failure and is kept. Removes every
/// configured secret verbatim, then anything shaped like one: bearer tokens, credential header lines, provider and GitHub key formats,
/// and values after <c>key=</c> / <c>token=</c>-style parameters.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a removed credential is replaced with.</summary>
    public const string Mask = "[redacted]";

    /// <summary>
    /// Configured values shorter than this are not matched verbatim: they would hit ordinary words, and nothing that short is a real key
    /// (gateway keys need 16 characters; provider keys are far longer). The shape rules still apply.
    /// </summary>
    public const int MinimumSecretLength = 8;

    private readonly string[] _secrets;

    /// <param name="secrets">The configured secret values; null, blank and too-short values are ignored.</param>
    public SecretRedactor(IEnumerable<string?> secrets)
    {
        // Longest first, so a secret that contains another is removed whole rather than leaving its ends behind.
        _secrets = secrets
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s!.Trim())
            .Where(s => s.Length >= MinimumSecretLength && !s.Contains(Mask, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    /// <summary>A redactor that knows no configured secrets and removes only what is shaped like a credential.</summary>
    public static SecretRedactor ShapesOnly { get; } = new([]);

    /// <summary>How many configured secrets are matched verbatim; the values themselves are never exposed.</summary>
    public int SecretCount => _secrets.Length;

    /// <summary>The text without credentials; null stays null.</summary>
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        try
        {
            text = HeaderLine().Replace(text, m => m.Groups["name"].Value + m.Groups["sep"].Value + Mask);
            text = Scheme().Replace(text, m => m.Groups["scheme"].Value + " " + Mask);
            text = KeyFormat().Replace(text, Mask);
            return Parameter().Replace(text, m => m.Groups["name"].Value + "=" + Mask);
        }
        catch (RegexMatchTimeoutException)
        {
            // Fail closed: text too odd to scan in time is dropped rather than passed on unscanned.
            return Mask;
        }
    }

    /// <summary>The failure with its message redacted.</summary>
    public ProviderFailure Redact(ProviderFailure failure) => failure with { Message = Redact(failure.Message)! };

    // `Authorization: Bearer x`, `"x-api-key": "x"`, `api-key=x`: the value up to the end of the line, a quote or a separator.
    [GeneratedRegex("""(?<name>\b(?:proxy-)?authorization|\bx-api-key|\bapi[-_]key|\bx-goog-api-key|\bcookie|\bset-cookie|\bx-hub-signature(?:-256)?)(?<sep>["']?\s*[:=]\s*["']?)(?<value>(?:\[redacted\]|[^\r\n"',;}\[\]])+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeaderLine();

    // A token after an HTTP auth scheme anywhere in the text (a header echoed inside a sentence, or after a redacted header name).
    // The token must hold a digit or a symbol, so prose such as "basic authentication" or "token budget" stays.
    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic|token))\s+(?=[A-Za-z]*[0-9_~+/=\-])[A-Za-z0-9._~+/\-]{8,}=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Scheme();

    // OpenAI / Anthropic / OpenRouter keys (sk-…, sk-ant-…, sk-or-v1-…), GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_).
    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{8,}|\bgh[pousr]_[A-Za-z0-9]{16,}|\bgithub_pat_[A-Za-z0-9_]{16,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyFormat();

    // Query or form parameters that carry credentials: `?key=AIza…`, `token=…`, `access_token=…`, `secret=…`, `password=…`.
    [GeneratedRegex(@"(?<name>\b(?:[a-z_]*key|[a-z_]*token|secret|client_secret|password|passwd|sig|signature))=(?!\[redacted\])[A-Za-z0-9+/_.~%=\-]{8,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Parameter();
}
