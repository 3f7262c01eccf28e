namespace TokenService.InfraTests.Infrastructure;

/// <summary>The test classes that share one <see cref="CompiledInfra"/> (lint, build and snapshot run once).</summary>
[CollectionDefinition(Name)]
public sealed class InfraFixtureGroup : ICollectionFixture<CompiledInfra>
{
    public const string Name = "infra";
}
