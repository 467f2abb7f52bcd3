using Orleans.Concurrency;

namespace Commune.GitHub;

/// <summary>The reviewer profiles that have calibration marks (key 0), so the calibration can be listed without knowing them.</summary>
[Alias("commune.github.IReviewCalibrationIndexGrain")]
public interface IReviewCalibrationIndexGrain : IGrainWithIntegerKey
{
    /// <summary>A profile received its first mark; one-way so a calibration grain never waits on the index.</summary>
    [OneWay]
    Task AddAsync(string profile);

    /// <summary>Every marked or configured reviewer profile's calibration, by profile name.</summary>
    Task<CalibrationOverview> GetAsync();
}
