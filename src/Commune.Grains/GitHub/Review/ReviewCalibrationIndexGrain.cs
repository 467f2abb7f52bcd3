using Commune.GitHub;
using Microsoft.Extensions.Options;

namespace Commune.Grains.GitHub.Review;

/// <summary>
/// Lists reviewer calibrations: the profiles that were ever marked plus the configured reviewers. Reads fan out to the calibration grains
/// (one direction only: they call here one-way). Written only when a profile is marked for the first time, so it is never hot.
/// </summary>
public sealed class ReviewCalibrationIndexGrain(
    [PersistentState("calibration-index", StorageNames.Default)] IPersistentState<ReviewCalibrationIndexState> state,
    IOptionsMonitor<ReviewOptions> options) : Grain, IReviewCalibrationIndexGrain
{
    public async Task AddAsync(string profile)
    {
        if (!state.State.Profiles.Contains(profile, StringComparer.Ordinal))
        {
            state.State.Profiles.Add(profile);
            await state.WriteStateAsync();
        }
    }

    public async Task<CalibrationOverview> GetAsync()
    {
        var settings = options.CurrentValue;
        var profiles = new SortedSet<string>(state.State.Profiles, StringComparer.Ordinal);
        foreach (var (_, profile) in settings.Roles())
        {
            profiles.Add(profile);
        }

        var calibrations = await Task.WhenAll(profiles.Select(p => GrainFactory.GetGrain<IReviewCalibrationGrain>(p).GetAsync()));
        return new CalibrationOverview(settings.MinPrecision, settings.MinFeedback, calibrations);
    }
}
