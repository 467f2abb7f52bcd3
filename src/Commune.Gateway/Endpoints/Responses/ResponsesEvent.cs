using System.Text.Json.Nodes;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>One server-sent event of a streamed response: <c>event: <see cref="Type"/></c> and <c>data: <see cref="Data"/></c>
/// (which repeats the type and carries the <c>sequence_number</c>).</summary>
public sealed record ResponsesEvent(string Type, JsonObject Data);
