namespace Commune.Models;

/// <summary>How the model may use the tools: <see cref="Mode"/> is one of <see cref="ToolChoiceModes"/>; <see cref="Name"/> names the function for <c>function</c>.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ToolChoice")]
public sealed record ToolChoice([property: Id(0)] string Mode, [property: Id(1)] string? Name = null);

/// <summary>The modes of <see cref="ToolChoice"/>.</summary>
public static class ToolChoiceModes
{
    public const string Auto = "auto";

    public const string None = "none";

    /// <summary>The model must call some tool (OpenAI "required", Anthropic "any").</summary>
    public const string Required = "required";

    /// <summary>The model must call the tool named in <see cref="ToolChoice.Name"/>.</summary>
    public const string Function = "function";
}
