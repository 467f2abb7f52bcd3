using System.Text.Json;
using Commune.Models;
using Microsoft.Extensions.AI;

namespace Commune.Providers.Requests;

/// <summary>
/// A caller's function tool as Microsoft.Extensions.AI carries it to the provider: a declaration only, since Commune never runs the
/// caller's tools. OpenAI's <c>strict</c> travels in <see cref="AdditionalProperties"/>, where the OpenAI adapter reads it.
/// </summary>
public sealed class CallerTool(ToolDefinition definition) : AIFunctionDeclaration
{
    private readonly JsonElement _schema = JsonDocument.Parse(definition.ParametersJson).RootElement.Clone();

    public override string Name => definition.Name;

    public override string Description => definition.Description ?? string.Empty;

    public override JsonElement JsonSchema => _schema;

    public override IReadOnlyDictionary<string, object?> AdditionalProperties { get; } =
        definition.Strict is { } strict ? new Dictionary<string, object?> { ["strict"] = strict } : new Dictionary<string, object?>();
}
