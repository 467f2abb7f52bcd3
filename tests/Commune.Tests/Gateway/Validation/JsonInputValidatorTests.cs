using System.Text;
using Commune.Gateway.Validation;

namespace Commune.Tests.Gateway.Validation;

/// <summary>The body rules on their own, without a gateway: which JSON is refused and which JSONPath the refusal names.</summary>
public sealed class JsonInputValidatorTests
{
    [Theory]
    [InlineData("""{"payload": {"text": "\ud800"}}""", "$.payload.text", "\\ud800")]
    [InlineData("""{"payload": {"text": "ok \udc00 tail"}}""", "$.payload.text", "\\udc00")]
    [InlineData("""{"a": ["x", "\udc00\ud800"]}""", "$.a[1]", "\\udc00")]
    [InlineData("""{"a": "\ud800\ud800\udc00"}""", "$.a", "\\ud800")]
    [InlineData("""{"a": "\ud800x"}""", "$.a", "\\ud800")]
    [InlineData("""{"a": "\ud800\n"}""", "$.a", "\\ud800")]
    [InlineData("""{"a": "\ud800\u0041"}""", "$.a", "\\ud800")]
    [InlineData("""["\uDBFF"]""", "$[0]", "\\udbff")]
    [InlineData("""{"x": [1, {"y": [true, null, "\ud800"]}]}""", "$.x[1].y[2]", "\\ud800")]
    [InlineData("""{"odd key": {"it's": "\ud800"}}""", "$['odd key']['it\\'s']", "\\ud800")]
    [InlineData("""{"done": {"a": 1}, "next": "\ud800"}""", "$.next", "\\ud800")]
    [InlineData("\"\\ud800\"", "$", "\\ud800")]
    public void A_lone_surrogate_escape_is_refused_naming_its_path(string json, string path, string unit)
    {
        var problem = JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(problem);
        Assert.Equal(400, problem.Status);
        Assert.Equal(path, problem.Name);
        Assert.StartsWith(path + " ", problem.Detail, StringComparison.Ordinal);
        Assert.Contains(unit, problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a": "\ud83d\ude00"}""")]
    [InlineData("""{"a": "😀 é \u00e9 \n \" \\ \/ \t"}""")]
    [InlineData("""{"\ud83d\ude00": ["\uD83D\uDE00", "\uffff", "\u0000"]}""")]
    [InlineData("""{"a": 1e400, "b": -0, "c": 123456789012345678901234567890, "d": [null, true, false]}""")]
    [InlineData("""[]""")]
    public void Valid_unicode_and_any_number_pass(string json) =>
        Assert.Null(JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_property_name_with_a_lone_surrogate_is_refused_naming_its_object()
    {
        var problem = JsonInputValidator.Validate("""{"payload": {"\ud800": 1}}"""u8);

        Assert.NotNull(problem);
        Assert.Equal("$.payload", problem.Name);
        Assert.Contains("property name", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public void Bytes_that_are_not_utf8_are_refused_naming_the_string(byte[] bad)
    {
        foreach (var escaped in new[] { false, true })
        {
            // Before and after an escape: the two ways a string's raw bytes are checked.
            var json = new List<byte>();
            json.AddRange("{\"text\": \""u8.ToArray());
            json.AddRange(escaped ? "\\n"u8.ToArray() : "a"u8.ToArray());
            json.AddRange(bad);
            json.AddRange("\"}"u8.ToArray());

            var problem = JsonInputValidator.Validate(json.ToArray());

            Assert.NotNull(problem);
            Assert.Equal("$.text", problem.Name);
            Assert.Contains("UTF-8", problem.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Raw_bytes_that_are_not_utf8_in_a_property_name_are_refused()
    {
        var problem = JsonInputValidator.Validate([.. "{\"a\": {\""u8.ToArray(), 0xFF, .. "\": 1}}"u8.ToArray()]);

        Assert.NotNull(problem);
        Assert.Equal("$.a", problem.Name);
    }

    [Fact]
    public void Nesting_is_allowed_to_the_limit_and_refused_beyond_it()
    {
        static byte[] Nested(int depth) => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));

        Assert.Null(JsonInputValidator.Validate(Nested(JsonInputValidator.MaxDepth)));
        var problem = JsonInputValidator.Validate(Nested(JsonInputValidator.MaxDepth + 1));
        Assert.NotNull(problem);
        Assert.Contains("deeper than 64", problem.Detail, StringComparison.Ordinal);
        Assert.StartsWith("$[0][0]", problem.Name, StringComparison.Ordinal);

        // Far deeper than the reader's own limit: still this rule, not an exception.
        Assert.NotNull(JsonInputValidator.Validate(Nested(10_000)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"a": }""")]
    [InlineData("not json")]
    public void Malformed_json_is_left_to_the_endpoint(string json) =>
        Assert.Null(JsonInputValidator.Validate(Encoding.UTF8.GetBytes(json)));
}
