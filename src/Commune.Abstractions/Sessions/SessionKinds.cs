namespace Commune.Sessions;

/// <summary>What a session is for. One-off kinds complete on their first answer unless told otherwise.</summary>
public static class SessionKinds
{
    public const string Research = "research";
    public const string Summarisation = "summarisation";
    public const string Free = "free";

    public static readonly IReadOnlyList<string> All = [Research, Summarisation, Free];

    public static bool IsKind(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);

    /// <summary>Research and summarisation are one-off tasks (seed 000): they end on completion by default.</summary>
    public static bool RunsToCompletion(string kind) => kind is Research or Summarisation;
}
