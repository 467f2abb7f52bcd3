namespace Commune.Models;

/// <summary>
/// A provider-independent estimate of a call's prompt tokens, for budget holds, context-window checks and token counting before any
/// provider is asked: four characters a token, a fixed cost per message, per image and per tool definition.
/// </summary>
public static class PromptEstimate
{
    /// <summary>Anthropic's cost of a full-size image (about 1.15 megapixels); smaller images cost less, so this errs high.</summary>
    public const int ImageTokens = 1_600;

    public static long Tokens(ModelCall call)
    {
        var tokens = 0L;
        foreach (var turn in call.Messages)
        {
            tokens += 4 + (turn.Content.Length / 4);
            foreach (var part in turn.Parts ?? [])
            {
                tokens += part.Kind switch
                {
                    ContentPartKinds.Image => ImageTokens,
                    ContentPartKinds.Document => part.Data is { } data ? data.Length / 4 : 2_000,
                    _ => (part.Text?.Length ?? 0) / 4,
                };
            }

            foreach (var toolCall in turn.ToolCalls ?? [])
            {
                tokens += 4 + ((toolCall.Name.Length + toolCall.ArgumentsJson.Length) / 4);
            }
        }

        foreach (var tool in call.Tools ?? [])
        {
            tokens += 10 + ((tool.Name.Length + (tool.Description?.Length ?? 0) + tool.ParametersJson.Length) / 4);
        }

        return tokens;
    }
}
