namespace Commune.Supervision;

/// <summary>Spawns subagents for one parent agent (key = the parent's id), numbering them <c>{parent}.sub-{n}</c>.</summary>
[Alias("commune.supervision.ISpawnGrain")]
public interface ISpawnGrain : IGrainWithStringKey
{
    Task<SpawnReply> SpawnAsync(SpawnRequest request);
}
