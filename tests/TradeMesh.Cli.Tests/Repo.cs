namespace TradeMesh.Cli.Tests;

/// <summary>Files of the repository (the sample data) found from the test's build output.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string SampleData(string file) => Path.Combine(Root, "deploy", "sample-data", file);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TradeMesh.sln"))) return dir.FullName;
        throw new InvalidOperationException("TradeMesh.sln not found above " + AppContext.BaseDirectory);
    }
}
