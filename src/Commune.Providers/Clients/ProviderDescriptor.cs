namespace Commune.Providers.Clients;

/// <summary>
/// A provider as the registry resolved it. <see cref="Simulated"/> is true for <c>Kind: simulated</c> and for a hosted provider
/// (OpenRouter, Anthropic) that has no API key, which the simulator stands in for.
/// </summary>
public sealed record ProviderDescriptor(string Name, string Kind, Uri? BaseUrl, bool HasApiKey, bool Simulated, ProviderSettings Settings);
