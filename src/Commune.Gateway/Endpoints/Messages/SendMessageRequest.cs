using System.Text.Json;

namespace Commune.Gateway.Endpoints.Messages;

/// <summary><c>POST /v1/messages</c> (seed 002's agent_send).</summary>
public sealed record SendMessageRequest(
    string? Id,
    string? From,
    string? Type,
    JsonElement? Payload,
    string? ToAgent,
    string? Topic,
    string? ToRole,
    string? ToCapability,
    string? Routing,
    string? InReplyTo);
