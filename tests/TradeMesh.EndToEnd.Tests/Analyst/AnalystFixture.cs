namespace TradeMesh.EndToEnd.Tests.Analyst;

/// <summary>
/// A system of its own holding the three sample releases and the county release: the analyst's
/// answers are those of all three (the Tianjin revision too), which the shared system's golden
/// tests must not see.
/// </summary>
public sealed class AnalystFixture : IAsyncLifetime
{
    public TradeMeshSystem System { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System = await TradeMeshSystem.StartAsync("analyst");
        await System.PushAllAsync(SeedSample.SampleReleases());
    }

    public async Task DisposeAsync() => await System.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AnalystCollection : ICollectionFixture<AnalystFixture>
{
    public const string Name = "analyst";
}
