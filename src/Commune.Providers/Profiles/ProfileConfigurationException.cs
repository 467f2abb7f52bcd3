namespace Commune.Providers.Profiles;

/// <summary>The profiles or providers in configuration are invalid; the message names every profile and field at fault.</summary>
public sealed class ProfileConfigurationException(string message) : InvalidOperationException(message);
