namespace TradeMesh.Cli.Tests;

public sealed class ArgumentsTests
{
    private static readonly string[] Values = ["--top", "--measure", "--gateway"];
    private static readonly string[] Flags = ["--wait"];

    [Fact]
    public void Positionals_options_and_flags_are_told_apart_in_any_order()
    {
        var args = Arguments.Parse(["--top", "3", "2025", "--wait", "--measure=exports"], Values, Flags);

        Assert.Equal(["2025"], args.Positionals);
        Assert.Equal("3", args.Value("--top"));
        Assert.Equal("exports", args.Value("--measure"));
        Assert.True(args.Flag("--wait"));
        Assert.Null(args.Value("--gateway"));
        Assert.Equal(3, args.PositiveInt("--top"));
    }

    [Fact]
    public void A_value_may_contain_equals_signs_and_a_double_dash_ends_the_options()
    {
        var args = Arguments.Parse(["--gateway=http://h/?a=b", "--", "--odd-file.json"], Values, Flags);

        Assert.Equal("http://h/?a=b", args.Value("--gateway"));
        Assert.Equal(["--odd-file.json"], args.Positionals);
    }

    [Theory]
    [InlineData("unknown option --nope", "--nope")]
    [InlineData("--top needs a value", "2025", "--top")]
    [InlineData("--top is given twice", "--top", "1", "--top", "2")]
    [InlineData("--wait takes no value", "--wait=yes")]
    public void Mistakes_are_usage_errors_naming_the_option(string message, params string[] tokens)
    {
        var error = Assert.Throws<UsageException>(() => Arguments.Parse(tokens, Values, Flags));
        Assert.Equal(message, error.Message);
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("2.5")]
    public void Top_must_be_a_positive_whole_number(string top)
    {
        var args = Arguments.Parse(["--top", top], Values, Flags);
        Assert.Throws<UsageException>(() => args.PositiveInt("--top"));
    }
}
