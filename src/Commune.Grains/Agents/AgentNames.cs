using System.Buffers;

namespace Commune.Grains.Agents;

/// <summary>What ids, roles, capabilities and topics may look like: short, printable, safe in URLs and logs.</summary>
public static class AgentNames
{
    public const int MaxIdLength = 100;
    public const int MaxRoleLength = 64;
    public const int MaxCapabilityLength = 100;
    public const int MaxCapabilities = 64;
    public const int MaxConcurrentTasksLimit = 1000;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-/");

    /// <summary>1 to <paramref name="max"/> characters of letters, digits and <c>. _ : - /</c>, starting with a letter or digit.</summary>
    public static bool IsValid(string? text, int max) =>
        !string.IsNullOrEmpty(text) && text.Length <= max && char.IsAsciiLetterOrDigit(text[0]) && !text.AsSpan().ContainsAnyExcept(Allowed);

    public static string Rule(string what, int max) =>
        $"{what} must be 1 to {max} characters of letters, digits and . _ : - /, starting with a letter or digit";
}
