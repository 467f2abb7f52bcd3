using Commune.Providers.Profiles;

namespace Commune.Grains.Models;

/// <summary>The step that answered, what it returned, and whether its breaker must hear of the success.</summary>
internal sealed record ChainStepResult<T>(ChainStep Step, int Index, T Value, bool ReportSuccess, TimeSpan Elapsed, int Tries);
