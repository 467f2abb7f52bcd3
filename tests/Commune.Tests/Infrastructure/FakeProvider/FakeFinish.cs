namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// Why a successful answer stopped, written in each protocol's own words: a 200 can still be truncated or filtered,
/// and the caller has to tell that apart from a complete answer.
/// </summary>
public enum FakeFinish
{
    /// <summary>OpenAI <c>stop</c>, Anthropic <c>end_turn</c>.</summary>
    Stop,

    /// <summary>OpenAI <c>length</c>, Anthropic <c>max_tokens</c>.</summary>
    Length,

    /// <summary>OpenAI <c>content_filter</c>, Anthropic <c>refusal</c>.</summary>
    ContentFilter,

    /// <summary>OpenAI <c>tool_calls</c>, Anthropic <c>tool_use</c>: the answer is calls of the caller's tools.</summary>
    ToolCalls,
}
