namespace Commune.Providers.Clients;

/// <summary>The <c>Providers:&lt;name&gt;:Kind</c> values.</summary>
public static class ProviderKind
{
    /// <summary>Any OpenAI-compatible chat-completions server (OpenAI, Ollama, vLLM, llama.cpp…).</summary>
    public const string OpenAi = "openai";

    /// <summary>OpenRouter: OpenAI-compatible, with its own base URL.</summary>
    public const string OpenRouter = "openrouter";

    /// <summary>Anthropic's Messages API.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>The built-in simulator; every answer says it is simulated.</summary>
    public const string Simulated = "simulated";

    public static readonly IReadOnlyList<string> All = [OpenAi, OpenRouter, Anthropic, Simulated];
}
