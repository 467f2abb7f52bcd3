namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>
/// A Messages request refused while it is read: <see cref="Path"/> names the member (e.g. <c>messages[2].content[0].tool_use_id</c>).
/// Thrown deep inside the readers and caught once at their entry point, so each rule reads as one line.
/// </summary>
internal sealed class AnthropicRefusal(string path, string reason) : Exception($"{path} {reason}")
{
    public string Path { get; } = path;
}
