namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// The error one protocol reports in its body, so a reply can carry a different, realistic error for each protocol
/// (OpenAI says <c>context_length_exceeded</c> where Anthropic says "prompt is too long").
/// </summary>
/// <param name="Type">OpenAI <c>error.type</c> / Anthropic <c>error.type</c>; null writes JSON null (OpenAI only).</param>
/// <param name="Message">The human-readable <c>error.message</c>.</param>
/// <param name="Code">OpenAI <c>error.code</c> (Anthropic bodies have none); null writes JSON null.</param>
/// <param name="Param">OpenAI <c>error.param</c>; null writes JSON null.</param>
/// <param name="NumericCode">Write <paramref name="Code"/> as a JSON number, as OpenRouter does (<c>"code": 402</c>).</param>
public sealed record FakeError(string? Type, string Message, string? Code = null, string? Param = null, bool NumericCode = false);
