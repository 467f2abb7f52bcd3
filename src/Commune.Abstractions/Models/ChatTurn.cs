namespace Commune.Models;

/// <summary>One message of a conversation sent to a model: role (system, user, assistant) and text.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ChatTurn")]
public sealed record ChatTurn([property: Id(0)] string Role, [property: Id(1)] string Content);
