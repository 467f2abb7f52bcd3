using System.Text.Json.Nodes;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// A validated <c>POST /v1/responses</c> body: the <see cref="Call"/> the chain runs, whether to stream, whether reasoning items carry
/// the reasoning text as their summary (<c>reasoning.summary</c> other than none) and <c>encrypted_content</c> (the provider's
/// reasoning signature, when <c>include</c> asks for it), and <see cref="Echo"/>: the request settings every response object repeats
/// back (instructions, tools, tool_choice, text, reasoning, metadata…), already in wire form.
/// </summary>
public sealed record ResponsesRequest(ModelCall Call, bool Stream, bool ReasoningSummary, bool IncludeEncryptedReasoning, JsonObject Echo);
