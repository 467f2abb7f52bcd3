using Commune.GitHub;
using Microsoft.Extensions.Options;

namespace Commune.Grains.GitHub.Review;

/// <summary>
/// One reviewer profile's calibration: every human mark on a finding it reported, by finding, and the precision per focus area derived
/// from them. Calls nothing but the index, one-way, on its first mark.
/// </summary>
public sealed class ReviewCalibrationGrain(
    [PersistentState("calibration", StorageNames.Default)] IPersistentState<ReviewCalibrationState> state,
    IOptionsMonitor<ReviewOptions> options,
    TimeProvider time) : Grain, IReviewCalibrationGrain
{
    private ReviewCalibrationState S => state.State;

    public async Task<ReviewCalibration> MarkAsync(CalibrationMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        if (!FeedbackVerdicts.IsValid(mark.Verdict))
        {
            throw new ArgumentException($"A calibration mark is '{FeedbackVerdicts.Useful}' or '{FeedbackVerdicts.Noise}', not '{mark.Verdict}'.", nameof(mark));
        }

        if (!S.Marks.TryGetValue(mark.Finding, out var entry) || entry.Verdict != mark.Verdict || entry.Focus != mark.Focus)
        {
            S.Marks[mark.Finding] = new MarkEntry { Focus = mark.Focus, Verdict = mark.Verdict, MarkedAt = time.GetUtcNow() };
            var first = !S.Indexed;
            S.Indexed = true;
            await state.WriteStateAsync();
            if (first)
            {
                await GrainFactory.GetGrain<IReviewCalibrationIndexGrain>(0).AddAsync(this.GetPrimaryKeyString());
            }
        }

        return View();
    }

    public Task<ReviewCalibration> GetAsync() => Task.FromResult(View());

    private ReviewCalibration View()
    {
        var settings = options.CurrentValue;
        var focus = S.Marks.Values
            .GroupBy(m => m.Focus, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var useful = g.Count(m => m.Verdict == FeedbackVerdicts.Useful);
                var noise = g.Count(m => m.Verdict == FeedbackVerdicts.Noise);
                double? precision = useful + noise == 0 ? null : (double)useful / (useful + noise);
                return new FocusCalibration(g.Key, useful, noise, precision, settings.Demotes(useful, noise));
            });
        return new ReviewCalibration(this.GetPrimaryKeyString(), [.. focus]);
    }
}
