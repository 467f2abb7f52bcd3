using Commune.Grains.GitHub.Review;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.GitHub;

/// <summary>
/// The multi-model review's <c>GitHub:Review:*</c> options, checked at start-up so a bad value stops the silo with its key named.
/// The review posts through the <see cref="Commune.GitHub.IGitHubOutput"/> the GitHub services register.
/// </summary>
public static class ReviewServices
{
    public static IServiceCollection AddCommuneReviews(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ReviewOptions.SectionName);
        var problems = (section.Get<ReviewOptions>() ?? new ReviewOptions()).Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid review configuration: " + string.Join(" ", problems));
        }

        services.AddOptions<ReviewOptions>().Bind(section);
        return services;
    }
}
