namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>A tool call the fake answers with: the call's id, the function's name and its arguments as JSON object text.</summary>
public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson);
