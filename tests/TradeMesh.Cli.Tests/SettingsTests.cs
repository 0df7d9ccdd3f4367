namespace TradeMesh.Cli.Tests;

public sealed class SettingsTests
{
    private static Settings Resolve(string[] tokens, Dictionary<string, string>? environment = null)
    {
        string? Option(string name) => tokens.Index().Where(t => t.Item == name).Select(t => tokens[t.Index + 1]).FirstOrDefault();
        return Settings.From(Option("--gateway"), Option("--api-key"), Option("--amqp"), name => environment?.GetValueOrDefault(name), Option("--amqp-nodes"));
    }

    [Fact]
    public void Without_options_or_environment_the_local_run_is_assumed()
    {
        var settings = Resolve([]);

        Assert.Equal(new Uri("http://localhost:8080/"), settings.Gateway);
        Assert.Null(settings.ApiKey);
        Assert.Equal(new Uri("amqp://publisher:publisher@localhost:5672"), settings.Amqp);
        Assert.Equal("amqp://localhost:5672/", settings.AmqpDisplay); // no password in what is printed
    }

    [Fact]
    public void The_environment_is_used_and_an_option_beats_it()
    {
        var environment = new Dictionary<string, string>
        {
            ["TRADEMESH_GATEWAY"] = "http://gateway.example:9000/prefix",
            ["TRADEMESH_API_KEY"] = "env-key",
            ["TRADEMESH_AMQP"] = "amqp://u:p@broker:5999/vh",
        };

        var fromEnvironment = Resolve([], environment);
        Assert.Equal(new Uri("http://gateway.example:9000/prefix/"), fromEnvironment.Gateway);
        Assert.Equal("env-key", fromEnvironment.ApiKey);
        Assert.Equal("amqp://broker:5999/vh", fromEnvironment.AmqpDisplay);

        var fromOptions = Resolve(["--api-key", "option-key", "--gateway", "https://other/"], environment);
        Assert.Equal("option-key", fromOptions.ApiKey);
        Assert.Equal(new Uri("https://other/"), fromOptions.Gateway);
    }

    [Fact]
    public void A_cluster_s_nodes_come_in_turn_and_are_printed_without_the_password()
    {
        var settings = Resolve(["--amqp", "amqp://publisher:secret@10.0.0.1:5672/vh"], new() { ["TRADEMESH_AMQP_NODES"] = "10.0.0.1:5672, 10.0.0.2:5673,10.0.0.3:5674" });

        Assert.Equal([("10.0.0.1", 5672), ("10.0.0.2", 5673), ("10.0.0.3", 5674)], settings.AmqpNodes);
        Assert.Equal("amqp://10.0.0.1:5672,10.0.0.2:5673,10.0.0.3:5674/vh", settings.AmqpDisplay);
        Assert.Empty(Resolve([]).AmqpNodes);
    }

    [Theory]
    [InlineData("--amqp-nodes", "10.0.0.1")]
    [InlineData("--amqp-nodes", "10.0.0.1:5672,:5672")]
    [InlineData("--amqp-nodes", "10.0.0.1:notaport")]
    [InlineData("--gateway", "localhost:8080")]
    [InlineData("--gateway", "ftp://host/")]
    [InlineData("--amqp", "http://broker/")]
    public void A_malformed_address_is_a_usage_error(string option, string value) =>
        Assert.Throws<UsageException>(() => Resolve([option, value]));
}
