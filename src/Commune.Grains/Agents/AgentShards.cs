using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Commune.Grains.Agents;

/// <summary>Which directory shard lists an agent: a stable hash of its id (the same on every silo and every run).</summary>
public static class AgentShards
{
    public static string Of(string agentId, int shards)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(agentId));
        return Key((int)(hash % (uint)shards));
    }

    public static string Key(int shard) => shard.ToString(CultureInfo.InvariantCulture);
}
