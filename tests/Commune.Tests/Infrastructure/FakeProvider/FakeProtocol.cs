namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>The wire protocols the fake provider speaks; the values recorded in <see cref="FakeRequest.Protocol"/>.</summary>
public static class FakeProtocol
{
    /// <summary>OpenAI chat completions (also OpenRouter and every OpenAI-compatible provider).</summary>
    public const string OpenAi = "openai";

    /// <summary>Anthropic Messages.</summary>
    public const string Anthropic = "anthropic";
}
