using Commune.Gateway;
using Commune.Gateway.Security;
using Commune.Hosting.Database;

// Commune.Gateway: the HTTP API. Embedded (default): also hosts the silo. With ConnectionStrings:Commune: a client of the cluster.
try
{
    await using var app = await GatewayApplication.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is GatewayConfigurationException or SchemaNotReadyException or DatabaseUnavailableException or InvalidOperationException)
{
    Console.Error.WriteLine($"Commune gateway cannot start: {ex.Message}");
    return 2;
}
catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    Console.Error.WriteLine($"Commune gateway cannot start: {ex.Message} Another process (perhaps another Commune) holds it; choose another with --urls.");
    return 2;
}
