using Commune.Gateway;
using Commune.Gateway.Security;
using Commune.Hosting.Database;

// Commune.Gateway: the HTTP API. Embedded (default): also hosts the silo. With ConnectionStrings:Commune: a client of the cluster.
// Only start-up refusals become one-line messages; a failure while running keeps its stack trace.
WebApplication app;
try
{
    app = await GatewayApplication.BuildAsync(args);
}
catch (Exception ex) when (ex is GatewayConfigurationException or SchemaNotReadyException or DatabaseUnavailableException or InvalidOperationException)
{
    Console.Error.WriteLine($"Commune gateway cannot start: {ex.Message}");
    return 2;
}

await using (app)
{
    try
    {
        await app.RunAsync();
    }
    catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
    {
        Console.Error.WriteLine($"Commune gateway cannot start: {ex.Message} Another process (perhaps another Commune) holds it; choose another with --urls.");
        return 2;
    }
}

return 0;
