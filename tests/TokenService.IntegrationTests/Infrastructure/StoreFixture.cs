namespace TokenService.IntegrationTests.Infrastructure;

/// <summary>One Azurite for the whole test run; each test class isolates itself with a table prefix.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedStore : ICollectionFixture<StoreFixture>
{
    public const string Name = "store";
}
