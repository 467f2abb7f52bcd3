using System.ClientModel;
using Commune.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace Commune.Tests.Models.Tools;

/// <summary>Without keys the simulator serves tool loops too, and says so: a required tool call is a labelled simulated call.</summary>
public sealed class SimulatedToolCallTests(EmbeddedGatewayFixture fixture) : IClassFixture<EmbeddedGatewayFixture>
{
    [Fact]
    public async Task A_required_tool_call_is_simulated_with_empty_arguments_and_labelled()
    {
        var client = new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Gateway.Address, "/v1") })
            .GetChatClient("mundane");
        var options = new ChatCompletionOptions
        {
            Tools = { ChatTool.CreateFunctionTool("list_files", "Lists files.", BinaryData.FromString("""{"type":"object","properties":{}}""")) },
            ToolChoice = ChatToolChoice.CreateRequiredChoice(),
        };

        var result = await client.CompleteChatAsync([new UserChatMessage("What is here?")], options);

        var call = Assert.Single(result.Value.ToolCalls);
        Assert.Equal("list_files", call.FunctionName);
        Assert.StartsWith("call_simulated_", call.Id, StringComparison.Ordinal);
        Assert.Equal("{}", call.FunctionArguments.ToString());
        Assert.Equal("true", result.GetRawResponse().Headers.TryGetValue("x-commune-simulated", out var simulated) ? simulated : null);

        // The loop goes on: with the result in, the simulator answers in text.
        var answer = await client.CompleteChatAsync(
            [new UserChatMessage("What is here?"), new AssistantChatMessage(result.Value), new ToolChatMessage(call.Id, "README.md")],
            new ChatCompletionOptions { Tools = { options.Tools[0] } });
        Assert.Equal(ChatFinishReason.Stop, answer.Value.FinishReason);
        Assert.Contains("simulated", answer.Value.Content[0].Text, StringComparison.Ordinal);
    }
}
