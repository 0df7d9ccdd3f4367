namespace TradeMesh.EndToEnd.Tests.Infrastructure;

/// <summary>One running system shared by the tests of the "system" collection.</summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public TradeMeshSystem System { get; private set; } = null!;

    public async Task InitializeAsync() => System = await TradeMeshSystem.StartAsync("shared");

    public async Task DisposeAsync() => await System.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
