namespace Commune.Hosting.Database;

/// <summary>PostgreSQL could not be reached or refused the login.</summary>
public sealed class DatabaseUnavailableException(string message, Exception inner) : Exception(message, inner);
