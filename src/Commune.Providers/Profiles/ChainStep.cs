namespace Commune.Providers.Profiles;

/// <summary>One validated step of a chain: the model and its time budget.</summary>
public sealed record ChainStep(ModelRef Model, TimeSpan Timeout);
