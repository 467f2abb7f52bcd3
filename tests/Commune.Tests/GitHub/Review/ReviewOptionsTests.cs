using Commune.Grains.GitHub.Review;
using Microsoft.Extensions.Configuration;

namespace Commune.Tests.GitHub.Review;

/// <summary><c>GitHub:Review:*</c> as configuration binds it: defaults, remapped and disabled roles, thresholds, and bad values named.</summary>
public sealed class ReviewOptionsTests
{
    private static ReviewOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(ReviewOptions.SectionName).Get<ReviewOptions>() ?? new ReviewOptions();

    [Fact]
    public void Roles_default_to_the_review_profiles_and_can_be_remapped_or_turned_off()
    {
        Assert.Equal(
            [("performance", "review-performance"), ("security", "review-security"), ("style", "review-style"), ("tests", "review-tests")],
            new ReviewOptions().Roles());

        var options = Bind(new()
        {
            ["GitHub:Review:Reviewers:security"] = "my-security",
            ["GitHub:Review:Reviewers:tests"] = "",
            ["GitHub:Review:Reviewers:docs"] = "review-docs",
            ["GitHub:Review:MinPrecision"] = "0.7",
        });

        Assert.Equal([("docs", "review-docs"), ("performance", "review-performance"), ("security", "my-security"), ("style", "review-style")], options.Roles());
        Assert.Empty(options.Problems());
        Assert.Equal("docs", ReviewPrompts.Focus("docs"));
    }

    [Fact]
    public void A_focus_area_is_demoted_only_with_enough_marks_and_a_precision_below_the_minimum()
    {
        var options = new ReviewOptions();
        Assert.False(options.Demotes(0, 4));  // too few marks to judge
        Assert.True(options.Demotes(0, 5));
        Assert.True(options.Demotes(2, 3));   // 0.4
        Assert.False(options.Demotes(3, 3));  // 0.5 is not below 0.5
    }

    [Fact]
    public void Bad_values_are_named_by_key()
    {
        var problems = Bind(new()
        {
            ["GitHub:Review:MinPrecision"] = "1.5",
            ["GitHub:Review:MinFeedback"] = "0",
            ["GitHub:Review:MaxDiffChars"] = "10",
            ["GitHub:Review:Validator"] = " ",
        }).Problems().ToList();

        Assert.Contains(problems, p => p.Contains("GitHub:Review:MinPrecision", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GitHub:Review:MinFeedback", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GitHub:Review:MaxDiffChars", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("GitHub:Review:Validator", StringComparison.Ordinal));
    }
}
