using System.Text.Json;
using Anthropic.Models.Messages;
using Commune.Models;
using Commune.Providers.Catalog;
using Commune.Providers.Clients;
using Commune.Providers.Profiles;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace Commune.Providers.Requests;

/// <summary>
/// The options of one step's request: sampling, tools, tool choice, structured output, stop sequences, end user and thinking, each as
/// the step's provider kind spells it. Fields the Microsoft.Extensions.AI adapters do not carry (a named tool choice and the end user for
/// Anthropic, the end user for OpenAI, an explicit thinking budget) go in the SDK's own request object, which the adapters start from.
/// </summary>
public static class ProviderOptions
{
    /// <summary>Reasoning effort for OpenAI-kind steps from a thinking budget in tokens.</summary>
    public static ReasoningEffort EffortFor(int budget) => budget switch
    {
        <= 2048 => ReasoningEffort.Low,
        <= 8192 => ReasoningEffort.Medium,
        _ => ReasoningEffort.High,
    };

    /// <param name="call">The caller's request.</param>
    /// <param name="model">The step's model.</param>
    /// <param name="kind">The step's provider kind.</param>
    /// <param name="maxTokens">The output cap of the call.</param>
    /// <param name="profileThinking">The profile asks for extended thinking on Anthropic steps.</param>
    /// <param name="capabilities">The step's catalogue entry.</param>
    /// <param name="note">What the step did not send and why (recorded in the attempt trail), or null.</param>
    public static ChatOptions For(ModelCall call, ModelRef model, string kind, int maxTokens, bool profileThinking, ModelPrice capabilities, out string? note)
    {
        note = null;
        var options = new ChatOptions
        {
            ModelId = model.Model,
            MaxOutputTokens = maxTokens,
            Temperature = (float?)call.Temperature,
            TopP = (float?)call.TopP,
            StopSequences = call.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            AllowMultipleToolCalls = call.ParallelToolCalls,
            ResponseFormat = Format(call.ResponseFormat),
        };

        if (call.Tools is { Count: > 0 } tools)
        {
            options.Tools = [.. tools.Select(t => (AITool)new CallerTool(t))];
            options.ToolMode = call.ToolChoice?.Mode switch
            {
                ToolChoiceModes.None => ChatToolMode.None,
                ToolChoiceModes.Required => ChatToolMode.RequireAny,
                ToolChoiceModes.Function => ChatToolMode.RequireSpecific(call.ToolChoice.Name!),
                ToolChoiceModes.Auto => ChatToolMode.Auto,
                _ => null,
            };
        }

        if (call.ResponseFormat is { Kind: ResponseFormatKinds.JsonSchema, Strict: { } strict })
        {
            options.AdditionalProperties = new() { ["strict"] = strict };
        }

        int? thinking = call.ThinkingBudget is > 0 ? call.ThinkingBudget : null;
        if (thinking is not null && !capabilities.Reasoning)
        {
            note = "thinking was not sent: the model has no reasoning mode (catalogue); it answered without it";
            thinking = null;
        }

        if (kind == ProviderKind.Anthropic)
        {
            var budget = thinking ?? (profileThinking ? AnthropicThinking.BudgetFor(maxTokens) : null);
            if (budget is { } b && AnthropicThinking.Fit(b, maxTokens) is null)
            {
                note = $"thinking was not sent: a budget of at least {AnthropicThinking.MinimumBudget} tokens must stay below max_tokens {maxTokens}";
            }

            var fitted = budget is { } asked ? AnthropicThinking.Fit(asked, maxTokens) : null;
            var named = call.Tools is { Count: > 0 } && call.ToolChoice is { Mode: ToolChoiceModes.Function, Name: { } name } ? name : null;
            if (fitted is not null || named is not null || call.User is not null)
            {
                var parallel = call.ParallelToolCalls;
                var user = call.User;
                options.RawRepresentationFactory = _ => AnthropicRequest(model.Model, maxTokens, fitted, named, parallel, user);
            }
        }
        else
        {
            if (thinking is { } budget)
            {
                options.Reasoning = new ReasoningOptions { Effort = EffortFor(budget) };
            }

            if (call.User is { } user)
            {
                options.RawRepresentationFactory = _ => new ChatCompletionOptions { EndUserId = user };
            }
        }

        return options;
    }

    // A fresh request each time: the adapter starts from it and fills in what the options carry.
    private static MessageCreateParams AnthropicRequest(string model, int maxTokens, int? thinking, string? tool, bool? parallel, string? user)
    {
        var request = new MessageCreateParams { MaxTokens = maxTokens, Model = model, Messages = [] };
        if (thinking is { } budget)
        {
            request = request with { Thinking = new ThinkingConfigEnabled(budget) };
        }

        if (tool is not null)
        {
            request = request with { ToolChoice = new ToolChoiceTool { Name = tool, DisableParallelToolUse = parallel is false ? true : null } };
        }

        return user is null ? request : request with { Metadata = new Metadata { UserID = user } };
    }

    private static ChatResponseFormat? Format(Models.ResponseFormat? format) => format?.Kind switch
    {
        ResponseFormatKinds.JsonObject => ChatResponseFormat.Json,
        ResponseFormatKinds.JsonSchema => ChatResponseFormat.ForJsonSchema(
            JsonDocument.Parse(format.SchemaJson ?? "{}").RootElement.Clone(), format.SchemaName, format.Description),
        _ => null,
    };
}
