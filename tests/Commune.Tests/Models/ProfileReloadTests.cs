using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Models;

/// <summary>The OpenClaw agents file is watched: a good edit takes effect without a restart, a bad one keeps the last good set.</summary>
public sealed class ProfileReloadTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"commune-agents-{Guid.NewGuid():N}.json");
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_file, """{"agents": {"from-file": {"model": "openrouter/a-model", "fallbacks": ["anthropic/b-model"], "timeout": 20}}}""");
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Commune:AgentsFile"] = _file,
            ["Commune:AgentsFilePollInterval"] = "00:00:00.100",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        File.Delete(_file);
    }

    private async Task<JsonElement> ProfilesAsync() => await Json.ReadAsync(await _gateway.Client.GetAsync("/v1/profiles"));

    private static string? Primary(JsonElement body, string name) => body.GetProperty("profiles").EnumerateArray()
        .Where(p => p.GetProperty("name").GetString() == name)
        .Select(p => p.GetProperty("chain")[0].GetProperty("model").GetString())
        .FirstOrDefault();

    private async Task<JsonElement> EventuallyAsync(Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var body = await ProfilesAsync();
            if (condition(body) || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Edits_to_the_agents_file_apply_without_a_restart_and_a_bad_edit_keeps_the_last_good_set()
    {
        Assert.Equal("a-model", Primary(await ProfilesAsync(), "from-file"));

        // A file profile replaces a default of the same name; a new one appears.
        await File.WriteAllTextAsync(_file, """
            {"agents": {
              "from-file": {"model": "openrouter/changed-model", "fallbacks": ["anthropic/b-model"]},
              "research": {"model": "anthropic/claude-haiku-4-5", "fallbacks": ["openrouter/google/gemini-2.5-flash"], "timeout": 30}
            }}
            """);
        var reloaded = await EventuallyAsync(b => Primary(b, "from-file") == "changed-model");
        Assert.Equal("changed-model", Primary(reloaded, "from-file"));
        Assert.Equal("claude-haiku-4-5", Primary(reloaded, "research"));
        Assert.Equal(JsonValueKind.Null, reloaded.GetProperty("last_reload_error").ValueKind);

        // An unknown provider: refused, the last good set stays, and the reason is visible.
        await File.WriteAllTextAsync(_file, """{"agents": {"from-file": {"model": "nowhere/x-model"}}}""");
        var refused = await EventuallyAsync(b => b.GetProperty("last_reload_error").ValueKind == JsonValueKind.String);
        Assert.Contains("Agents:from-file:model: unknown provider 'nowhere'", refused.GetProperty("last_reload_error").GetString()!, StringComparison.Ordinal);
        Assert.Equal("changed-model", Primary(refused, "from-file"));

        // Malformed JSON: the same.
        await File.WriteAllTextAsync(_file, """{"agents": {"from-file": """);
        var malformed = await EventuallyAsync(b => b.GetProperty("last_reload_error").GetString()?.Contains("not valid JSON", StringComparison.Ordinal) == true);
        Assert.Contains("not valid JSON", malformed.GetProperty("last_reload_error").GetString()!, StringComparison.Ordinal);
        Assert.Equal("changed-model", Primary(malformed, "from-file"));
    }
}
