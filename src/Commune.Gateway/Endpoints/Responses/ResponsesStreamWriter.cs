using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Models;
using static Commune.Gateway.Endpoints.Responses.ResponsesResponseBuilder;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// Turns the chain's stream (<see cref="ModelStreamEvent"/>) into OpenAI's Responses events, numbered from 0: created and
/// in_progress when a step starts; for reasoning an item with one summary part and summary-text deltas; for text a message item
/// with one output_text part and text deltas; for each tool call a function_call item and argument deltas; then completed (or
/// incomplete) with the full response. An item is closed (its done events) when another kind of output begins or the answer
/// completes; output the provider did not stream (a whole tool call in the final answer) is emitted then as a complete item.
/// Pure: the endpoint writes what it returns.
/// </summary>
public sealed class ResponsesStreamWriter(ResponsesRequest request, string responseId, long createdAt, JsonSerializerOptions options)
{
    private readonly List<JsonObject?> _items = [];
    private readonly List<ResponsesEvent> _pending = [];
    private readonly Dictionary<int, Call> _calls = [];
    private int _sequence;
    private string? _model;
    private Open? _reasoning;
    private Open? _message;
    private bool _sawReasoning;
    private bool _sawText;

    /// <summary>The events of a step's first token: response.created and response.in_progress.</summary>
    public IReadOnlyList<ResponsesEvent> Start(string provider, string model)
    {
        _model = provider + "/" + model;
        var response = Envelope(request, responseId, createdAt, _model, "in_progress");
        Emit("response.created", new JsonObject { ["response"] = response });
        Emit("response.in_progress", new JsonObject { ["response"] = response.DeepClone() });
        return Drain();
    }

    public IReadOnlyList<ResponsesEvent> Delta(ModelStreamEvent delta)
    {
        if (!string.IsNullOrEmpty(delta.Reasoning))
        {
            ReasoningDelta(delta.Reasoning);
        }

        if (delta.ReasoningSignature is not null)
        {
            _reasoning ??= OpenReasoning();
            _reasoning.Signature = delta.ReasoningSignature;
        }

        if (!string.IsNullOrEmpty(delta.Text))
        {
            TextDelta(delta.Text);
        }

        if (delta.ToolCall is { } call)
        {
            ToolCallDelta(call);
        }

        return Drain();
    }

    /// <summary>Closes what is open, adds what was not streamed, and ends with response.completed (or response.incomplete).</summary>
    public IReadOnlyList<ResponsesEvent> Complete(ModelCallResult result)
    {
        var answer = result.Answer!;
        var (status, _) = Status(answer.FinishReason);
        var itemStatus = status == "completed" ? "completed" : "incomplete";
        if (!_sawReasoning && (!string.IsNullOrEmpty(answer.Reasoning) || answer.ReasoningSignature is not null))
        {
            ReasoningDelta(answer.Reasoning ?? string.Empty);
        }

        CloseReasoning(answer.ReasoningSignature);
        if (!_sawText && answer.Text.Length > 0)
        {
            TextDelta(answer.Text);
        }

        CloseMessage(itemStatus);
        var finalCalls = answer.ToolCalls ?? [];
        foreach (var call in _calls.Values.Where(c => !c.Done).OrderBy(c => c.OutputIndex))
        {
            CloseCall(call, finalCalls.FirstOrDefault(f => f.Id == call.CallId)?.ArgumentsJson);
        }

        foreach (var missing in finalCalls.Where(f => _calls.Values.All(c => c.CallId != f.Id)))
        {
            var call = OpenCall(missing.Id, missing.Name);
            CloseCall(call, missing.ArgumentsJson);
        }

        var output = new JsonArray(_items.Where(i => i is not null).Select(i => (JsonNode)i!.DeepClone()).ToArray());
        var response = ResponsesResponseBuilder.Complete(request, responseId, createdAt, result, answer, options, output);
        Emit(status == "completed" ? "response.completed" : "response.incomplete", new JsonObject { ["response"] = response });
        return Drain();
    }

    /// <summary>The chain broke after the first token: response.failed with the error (the endpoint then aborts the connection).</summary>
    public IReadOnlyList<ResponsesEvent> Fail(ModelCallResult result)
    {
        Emit("response.failed", new JsonObject { ["response"] = Failed(request, responseId, createdAt, _model, result, options) });
        return Drain();
    }

    private void ReasoningDelta(string text)
    {
        if (_reasoning is null)
        {
            CloseMessage("completed");
            _reasoning = OpenReasoning();
        }

        _reasoning.Text.Append(text);
        if (request.ReasoningSummary && text.Length > 0)
        {
            Emit("response.reasoning_summary_text.delta", Part(_reasoning, "summary_index", new JsonObject { ["delta"] = text }));
        }
    }

    private Open OpenReasoning()
    {
        _sawReasoning = true;
        var open = new Open(_items.Count, ReasoningId(responseId, _items.Count));
        _items.Add(null);
        Emit("response.output_item.added", Item(open.OutputIndex, Reasoning(request, open.Id, null, null)));
        if (request.ReasoningSummary)
        {
            Emit("response.reasoning_summary_part.added", Part(open, "summary_index", new JsonObject { ["part"] = SummaryText(string.Empty) }));
        }

        return open;
    }

    private void CloseReasoning(string? signature)
    {
        if (_reasoning is not { } open)
        {
            return;
        }

        var text = open.Text.ToString();
        if (request.ReasoningSummary)
        {
            Emit("response.reasoning_summary_text.done", Part(open, "summary_index", new JsonObject { ["text"] = text }));
            Emit("response.reasoning_summary_part.done", Part(open, "summary_index", new JsonObject { ["part"] = SummaryText(text) }));
        }

        var item = Reasoning(request, open.Id, text, signature ?? open.Signature);
        _items[open.OutputIndex] = item;
        Emit("response.output_item.done", Item(open.OutputIndex, item));
        _reasoning = null;
    }

    private void TextDelta(string text)
    {
        if (_message is null)
        {
            CloseReasoning(null);
            _sawText = true;
            _message = new Open(_items.Count, MessageId(responseId, _items.Count));
            _items.Add(null);
            Emit("response.output_item.added", Item(_message.OutputIndex, Message(_message.Id, string.Empty, "in_progress")));
            Emit("response.content_part.added", Part(_message, "content_index", new JsonObject { ["part"] = OutputText(string.Empty) }));
        }

        _message.Text.Append(text);
        Emit("response.output_text.delta", Part(_message, "content_index", new JsonObject { ["delta"] = text, ["logprobs"] = new JsonArray() }));
    }

    private void CloseMessage(string status)
    {
        if (_message is not { } open)
        {
            return;
        }

        var text = open.Text.ToString();
        Emit("response.output_text.done", Part(open, "content_index", new JsonObject { ["text"] = text, ["logprobs"] = new JsonArray() }));
        Emit("response.content_part.done", Part(open, "content_index", new JsonObject { ["part"] = OutputText(text) }));
        var item = Message(open.Id, text, status);
        _items[open.OutputIndex] = item;
        Emit("response.output_item.done", Item(open.OutputIndex, item));
        _message = null;
    }

    private void ToolCallDelta(ToolCallDelta delta)
    {
        if (!_calls.TryGetValue(delta.Index, out var call))
        {
            CloseReasoning(null);
            CloseMessage("completed");
            call = OpenCall(delta.Id ?? string.Empty, delta.Name ?? string.Empty);
            _calls[delta.Index] = call;
        }

        if (!string.IsNullOrEmpty(delta.ArgumentsFragment))
        {
            call.Arguments.Append(delta.ArgumentsFragment);
            Emit("response.function_call_arguments.delta", CallData(call, new JsonObject { ["delta"] = delta.ArgumentsFragment }));
        }
    }

    private Call OpenCall(string callId, string name)
    {
        var call = new Call(_items.Count, FunctionCallId(responseId, _items.Count), callId, name);
        _items.Add(null);
        Emit("response.output_item.added", Item(call.OutputIndex, FunctionCall(call.Id, callId, name, string.Empty, "in_progress")));
        return call;
    }

    private void CloseCall(Call call, string? finalArguments)
    {
        var arguments = finalArguments ?? call.Arguments.ToString();
        Emit("response.function_call_arguments.done", CallData(call, new JsonObject { ["name"] = call.Name, ["arguments"] = arguments }));
        var item = FunctionCall(call.Id, call.CallId, call.Name, arguments, "completed");
        _items[call.OutputIndex] = item;
        Emit("response.output_item.done", Item(call.OutputIndex, item));
        call.Done = true;
    }

    private static JsonObject Item(int outputIndex, JsonObject item) => new() { ["output_index"] = outputIndex, ["item"] = item };

    private static JsonObject Part(Open open, string indexName, JsonObject rest)
    {
        var data = new JsonObject { ["item_id"] = open.Id, ["output_index"] = open.OutputIndex, [indexName] = 0 };
        foreach (var (name, value) in rest.ToList())
        {
            rest.Remove(name);
            data[name] = value;
        }

        return data;
    }

    private static JsonObject CallData(Call call, JsonObject rest)
    {
        var data = new JsonObject { ["item_id"] = call.Id, ["output_index"] = call.OutputIndex };
        foreach (var (name, value) in rest.ToList())
        {
            rest.Remove(name);
            data[name] = value;
        }

        return data;
    }

    private void Emit(string type, JsonObject rest)
    {
        var data = new JsonObject { ["type"] = type, ["sequence_number"] = _sequence++ };
        foreach (var (name, value) in rest.ToList())
        {
            rest.Remove(name);
            data[name] = value;
        }

        _pending.Add(new ResponsesEvent(type, data));
    }

    private ResponsesEvent[] Drain()
    {
        var events = _pending.ToArray();
        _pending.Clear();
        return events;
    }

    /// <summary>An open reasoning or message item and the text streamed into it so far.</summary>
    private sealed class Open(int outputIndex, string id)
    {
        public int OutputIndex { get; } = outputIndex;

        public string Id { get; } = id;

        public StringBuilder Text { get; } = new();

        public string? Signature { get; set; }
    }

    /// <summary>A function call item being streamed.</summary>
    private sealed class Call(int outputIndex, string id, string callId, string name)
    {
        public int OutputIndex { get; } = outputIndex;

        public string Id { get; } = id;

        public string CallId { get; } = callId;

        public string Name { get; } = name;

        public StringBuilder Arguments { get; } = new();

        public bool Done { get; set; }
    }
}
