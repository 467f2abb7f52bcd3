using System.IO.Hashing;
using System.Text;

namespace Commune.Grains.Tasks;

/// <summary>Which queue shard indexes a task: a stable hash of its id (the same on every silo and every run).</summary>
public static class TaskShards
{
    public static int Of(string taskId, int shards)
    {
        var hash = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(taskId));
        return (int)(hash % (uint)shards);
    }
}
