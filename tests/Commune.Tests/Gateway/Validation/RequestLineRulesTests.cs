using Commune.Gateway.Endpoints.Chat;
using Commune.Gateway.Validation;

namespace Commune.Tests.Gateway.Validation;

/// <summary>The path, query, charset and header rules on their own.</summary>
public sealed class RequestLineRulesTests
{
    [Theory]
    [InlineData(" ")]
    [InlineData("")]
    [InlineData("\t\n")]
    public void A_blank_path_parameter_is_refused_by_name(string value)
    {
        var problem = RequestLineRules.PathParameter("id", value);

        Assert.NotNull(problem);
        Assert.Equal("id", problem.Name);
        Assert.Contains("'id' is blank", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u007fb")]
    [InlineData("owner\n")]
    public void A_path_parameter_with_a_control_character_is_refused(string value) =>
        Assert.Contains("printable", RequestLineRules.PathParameter("id", value)!.Detail, StringComparison.Ordinal);

    [Theory]
    [InlineData("task-1")]
    [InlineData("bad id")]
    [InlineData("é😀")]
    [InlineData("127.0.0.1:1@1")]
    [InlineData("a%FF")]
    public void Printable_path_parameters_pass(string value) => Assert.Null(RequestLineRules.PathParameter("id", value));

    [Fact]
    public void A_path_parameter_with_a_lone_surrogate_is_refused() =>
        Assert.Contains("lone surrogate", RequestLineRules.PathParameter("id", "a\ud800")!.Detail, StringComparison.Ordinal);

    [Theory]
    [InlineData("?tag=%ED%A0%80", "tag")]
    [InlineData("?limit=1&tag=%FF", "tag")]
    [InlineData("?a=%C3", "a")]
    [InlineData("?x+y=%C3%28", "x y")]
    [InlineData("?%E2%82%AC=%F4%90%80%80", "€")]
    public void A_query_value_that_is_not_utf8_is_refused_by_name(string query, string name)
    {
        var problem = RequestLineRules.Query(query);

        Assert.NotNull(problem);
        Assert.Equal(name, problem.Name);
        Assert.Contains($"'{name}'", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_name_that_is_not_utf8_is_refused_by_position() =>
        Assert.Equal("query parameter 2", RequestLineRules.Query("?a=1&%FF=2")!.Name);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("?")]
    [InlineData("?tag=%C3%A9&x=%F0%9F%98%80&y=%zz&z=%&w&=v&q=a+b")]
    public void Queries_that_decode_to_utf8_pass(string? query) => Assert.Null(RequestLineRules.Query(query));

    [Theory]
    [InlineData("bogus")]
    [InlineData("utf-16")]
    [InlineData("latin1")]
    [InlineData("")]
    public void A_charset_other_than_utf8_is_415(string charset)
    {
        var problem = RequestLineRules.Charset(charset);

        Assert.NotNull(problem);
        Assert.Equal(415, problem.Status);
        Assert.Equal("Content-Type", problem.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("utf-8")]
    [InlineData("UTF-8")]
    [InlineData("\"utf-8\"")]
    [InlineData("utf8")]
    public void Utf8_or_no_charset_passes(string? charset) => Assert.Null(RequestLineRules.Charset(charset));

    [Theory]
    [InlineData("research", "research")]
    [InlineData("é", "%C3%A9")]
    [InlineData("\n", "%0A")]
    [InlineData("\u007f", "%7F")]
    [InlineData("\uffff", "%EF%BF%BF")]
    [InlineData("50%", "50%25")]
    public void Header_values_are_sent_as_printable_ascii(string value, string header) =>
        Assert.Equal(header, CommuneHeaders.Printable(value));
}
