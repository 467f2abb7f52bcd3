namespace Commune.Bench.Load;

/// <summary>One request's result: its status (0 when no response came), whether it counts as a success, and why not.</summary>
internal readonly record struct RequestOutcome(int Status, bool Ok, string? Error);
