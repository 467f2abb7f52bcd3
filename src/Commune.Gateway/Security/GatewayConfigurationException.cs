namespace Commune.Gateway.Security;

/// <summary>The gateway refuses to start with this configuration; the message says what to change.</summary>
public sealed class GatewayConfigurationException(string message) : Exception(message);
