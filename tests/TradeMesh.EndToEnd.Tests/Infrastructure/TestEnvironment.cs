namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the real PostgreSQL, RabbitMQ and trace viewer are: deploy/local/test.sh provides them and sets these
/// variables. Without them a test fails (it never skips): run the tests through that script.
/// </summary>
public static class TestEnvironment
{
    public static string Postgres => Require("TRADEMESH_TEST_POSTGRES");
    public static Uri RabbitMq => new(Require("TRADEMESH_TEST_RABBITMQ"));
    public static Uri RabbitMqManagement => new(Require("TRADEMESH_TEST_RABBITMQ_MANAGEMENT"));
    /// <summary>The Aspire Dashboard executable that up.sh runs as the trace viewer (restored from NuGet by test.sh).</summary>
    public static string TraceViewerBinary => Require("TRADEMESH_TEST_TRACE_VIEWER");

    /// <summary>A password or secret of the test run (deploy/local/lib.sh CREDENTIALS, exported by test.sh).</summary>
    public static string Credential(string name) => Require(name);

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Debug or Release: the services are run from the same build configuration as the tests.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string SampleData(string file) => Path.Combine(RepoRoot, "deploy", "sample-data", file);

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with deploy/local/test.sh, which starts PostgreSQL and RabbitMQ.");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TradeMesh.sln"))) return dir.FullName;
        throw new InvalidOperationException("TradeMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
