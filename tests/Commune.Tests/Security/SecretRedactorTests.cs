using Commune.Providers.Errors;
using FsCheck;
using FsCheck.Fluent;

namespace Commune.Tests.Security;

/// <summary>The redactor that scrubs upstream error text, without a cluster.</summary>
public sealed class SecretRedactorTests
{
    /// <summary>Printable ASCII plus new lines and a few characters that sit next to keys in JSON and headers.</summary>
    private static readonly Gen<string> Text =
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\r\t\":,{}[]=-_./+&?;'".ToCharArray())
            .ArrayOf()
            .Select(chars => new string(chars));

    /// <summary>Key-like values: 8 to 64 characters of the alphabets real keys use.</summary>
    private static readonly Gen<string> Secret =
        from length in Gen.Choose(8, 64)
        from chars in Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_+/=".ToCharArray()).ArrayOf(length)
        select new string(chars);

    [Fact]
    public void A_configured_secret_inserted_anywhere_in_random_text_never_survives()
    {
        var cases =
            from secret in Secret
            from other in Secret
            from text in Text
            from at in Gen.Choose(0, text.Length)
            from twice in Gen.Elements(false, true)
            select (secret, other, text: text.Insert(at, secret) + (twice ? secret : ""));
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var redacted = new SecretRedactor([c.other, c.secret]).Redact(c.text)!;
            return !redacted.Contains(c.secret, StringComparison.Ordinal) && redacted.Contains(SecretRedactor.Mask, StringComparison.Ordinal);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void A_secret_echoed_as_a_header_in_random_text_never_survives_even_when_not_configured()
    {
        var headers = Gen.Elements(
            "Authorization: Bearer {0}",
            "\"authorization\":\"Bearer {0}\"",
            "x-api-key: {0}",
            "{{\"x-api-key\": \"{0}\"}}",
            "https://example.test/v1?key={0}&alt=json",
            "token={0}");
        var cases =
            from secret in Secret
            from header in headers
            from before in Text
            from after in Text
            select (secret, text: before + "\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, header, secret) + "\n" + after);
        Prop.ForAll(cases.ToArbitrary(), c =>
            !SecretRedactor.ShapesOnly.Redact(c.text)!.Contains(c.secret, StringComparison.Ordinal))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Theory]
    [InlineData("Invalid request. Headers: Authorization: Bearer sk-or-v1-0a1b2c3d4e5f6a7b8c9d", "Invalid request. Headers: Authorization: [redacted]")]
    [InlineData("{\"error\":{\"message\":\"bad key\",\"headers\":{\"authorization\":\"Bearer abcDEF123456789xyz\"}}}", "{\"error\":{\"message\":\"bad key\",\"headers\":{\"authorization\":\"[redacted]\"}}}")]
    [InlineData("x-api-key: sk-ant-api03-AbCdEf0123456789\nupstream overloaded", "x-api-key: [redacted]\nupstream overloaded")]
    [InlineData("key sk-ant-api03-AbCdEf0123456789 is not valid for model x", "key [redacted] is not valid for model x")]
    [InlineData("OpenRouter said sk-or-v1-deadbeefdeadbeef was rate limited", "OpenRouter said [redacted] was rate limited")]
    [InlineData("GET https://example.test/v1beta/models?key=AIzaSyD-0123456789abcdef&alt=sse failed", "GET https://example.test/v1beta/models?key=[redacted]&alt=sse failed")]
    [InlineData("proxy rejected token=0123456789abcdef0123456789abcdef", "proxy rejected token=[redacted]")]
    [InlineData("sent with bearer eyJhbGciOiJIUzI1NiJ9.e30.abc123 by the client", "sent with bearer [redacted] by the client")]
    [InlineData("GitHub token ghp_0123456789abcdefABCDEF0123 was revoked", "GitHub token [redacted] was revoked")]
    public void Credential_shapes_are_replaced_and_the_rest_of_the_text_is_kept(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.ShapesOnly.Redact(text));

    [Theory]
    [InlineData("This model's maximum context length is 128000 tokens. Please reduce the length of the messages.")]
    [InlineData("Basic authentication is not supported; the token budget is exhausted.")]
    [InlineData("Missing Authorization header")]
    [InlineData("Rate limit reached for requests. Retry after 2 s.")]
    [InlineData("prompt is too long: 250000 tokens > 200000 maximum")]
    [InlineData("Output blocked by content filtering policy (task-id 7f3e, skip the cookie banner)")]
    public void Ordinary_error_text_is_left_alone(string text) =>
        Assert.Equal(text, new SecretRedactor(["configured-secret-value"]).Redact(text));

    [Fact]
    public void A_configured_secret_is_removed_whatever_its_shape_and_a_longer_one_is_removed_whole()
    {
        var redactor = new SecretRedactor(["plain words as a key", "plain words as a key, longer", null, "", "short"]);

        Assert.Equal(
            "upstream echoed [redacted] and [redacted]; a short value stays",
            redactor.Redact("upstream echoed plain words as a key, longer and plain words as a key; a short value stays"));
        Assert.Equal(2, redactor.SecretCount);
        Assert.Null(redactor.Redact((string?)null));
    }

    [Fact]
    public void A_failure_keeps_its_outcome_status_and_retry_hint_and_loses_only_the_secret()
    {
        var failure = new ProviderFailure("ServerError", 500, TimeSpan.FromSeconds(3), "upstream 500 (request key canary-key-0123)", true);

        var redacted = new SecretRedactor(["canary-key-0123"]).Redact(failure);

        Assert.Equal(failure with { Message = "upstream 500 (request key [redacted])" }, redacted);
    }
}
