namespace Commune.Models;

/// <summary>
/// The prompt-size estimate the chain reserves budget with before a provider reports real usage, and that the Messages API's
/// <c>count_tokens</c> answers: 4 tokens of framing per message plus one token per 4 characters of its text (text and thinking
/// parts and tool-call arguments included; images and documents are not counted).
/// </summary>
public static class PromptEstimate
{
    public static long Tokens(IEnumerable<ChatTurn> messages) => messages.Sum(m => 4L + (Characters(m) / 4));

    private static long Characters(ChatTurn turn) =>
        turn.Content.Length
        + (turn.Parts?.Sum(p => (long)(p.Text?.Length ?? 0)) ?? 0)
        + (turn.ToolCalls?.Sum(c => (long)c.Name.Length + c.ArgumentsJson.Length) ?? 0);
}
