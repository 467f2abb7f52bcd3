using Commune.Grains.GitHub.Review;

namespace Commune.Tests.GitHub.Review;

/// <summary>The lines a review may comment on: new-side lines inside the file's hunks, as GitHub resolves them.</summary>
public sealed class DiffLinesTests
{
    private const string Diff =
        "diff --git a/src/A.cs b/src/A.cs\n" +
        "index 1111111..2222222 100644\n" +
        "--- a/src/A.cs\n" +
        "+++ b/src/A.cs\n" +
        "@@ -10,4 +10,5 @@ class A\n" +
        " keep\n" +
        "-old\n" +
        "+new\n" +
        "+++ b/src/B.cs looks like a header but is an added line\n" +
        " keep\n" +
        " keep\n" +
        "@@ -40 +41 @@\n" +
        "-x\n" +
        "+y\n" +
        "diff --git a/src/B.cs b/src/B.cs\n" +
        "new file mode 100644\n" +
        "--- /dev/null\n" +
        "+++ b/src/B.cs\n" +
        "@@ -0,0 +1,2 @@\n" +
        "+one\n" +
        "+two\n" +
        "diff --git a/src/Gone.cs b/src/Gone.cs\n" +
        "--- a/src/Gone.cs\n" +
        "+++ /dev/null\n" +
        "@@ -1,2 +0,0 @@\n" +
        "-one\n" +
        "-two\n";

    [Theory]
    [InlineData("src/A.cs", 10, true)]
    [InlineData("src/A.cs", 14, true)]
    [InlineData("src/A.cs", 41, true)]
    [InlineData("src/A.cs", 9, false)]
    [InlineData("src/A.cs", 15, false)]
    [InlineData("src/A.cs", 40, false)]
    [InlineData("src/A.cs", 300, false)]
    [InlineData("src/B.cs", 1, true)]
    [InlineData("src/B.cs", 2, true)]
    [InlineData("src/B.cs", 3, false)]
    [InlineData("src/Gone.cs", 1, false)]
    [InlineData("src/Other.cs", 10, false)]
    public void A_line_is_commentable_only_inside_a_hunk_of_its_file(string path, int line, bool expected) =>
        Assert.Equal(expected, DiffLines.Commentable(Diff, path, line));

    [Fact]
    public void A_hunk_whose_counts_are_off_ends_at_the_next_file()
    {
        // The old side claims 3 lines but the hunk holds only additions: the next "diff --git" still starts the next file.
        var diff = "diff --git a/a.cs b/a.cs\n--- a/a.cs\n+++ b/a.cs\n@@ -1,3 +1,2 @@\n+x\n+y\n" +
                   "diff --git a/b.cs b/b.cs\n--- a/b.cs\n+++ b/b.cs\n@@ -1,3 +1,2 @@\n+x\n+y\n";
        Assert.True(DiffLines.Commentable(diff, "b.cs", 2));
        Assert.False(DiffLines.Commentable(diff, "b.cs", 3));
    }

    [Fact]
    public void No_diff_or_a_line_below_one_is_never_commentable()
    {
        Assert.False(DiffLines.Commentable(null, "src/A.cs", 10));
        Assert.False(DiffLines.Commentable(Diff, "src/A.cs", 0));
    }
}
