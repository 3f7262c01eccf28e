using System.Reflection;
using TokenService.Gateway.Rpc;
using TokenService.Pipeline;
using TokenService.Telemetry;

namespace TokenService.Tests.Architecture;

/// <summary>
/// The public surface of each library is what the hosts (the standalone server, the function app)
/// and tokenctl use; everything else is internal, reached by the tests through InternalsVisibleTo.
/// A type made public, or one the hosts stop needing, shows up here as a change to review.
/// </summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void TheCoreOffersTheHostsAndTokenctlOnlyWhatTheyUse() =>
        Assert.Equal(
        [
            "TokenService.Accounts.AccessKeyEntity",
            "TokenService.Accounts.AccessKeyRecord",
            "TokenService.Accounts.AccessPolicy",
            "TokenService.Accounts.AccountAdministration",
            "TokenService.Accounts.AccountDirectory",
            "TokenService.Accounts.AdminResult",
            "TokenService.Accounts.AdminResult`1",
            "TokenService.Accounts.InstanceEntity",
            "TokenService.Accounts.StsIssuer",
            "TokenService.Accounts.TemporaryCredential",
            "TokenService.Brokers.BrokerOptions",
            "TokenService.Brokers.BrokerSession",
            "TokenService.Brokers.ConnectDecision",
            "TokenService.Brokers.EmqxAclRule",
            "TokenService.Brokers.EmqxAuthorizer",
            "TokenService.Brokers.EmqxOptions",
            "TokenService.Brokers.EventGridAuthorizer",
            "TokenService.Brokers.EventGridOptions",
            "TokenService.Brokers.RabbitMqAuthorizer",
            "TokenService.Brokers.RabbitMqOptions",
            "TokenService.Brokers.SessionGrant",
            "TokenService.Brokers.SessionPurger",
            "TokenService.Disconnects.DisconnectSweeper",
            "TokenService.Disconnects.DisconnectsServiceCollectionExtensions",
            "TokenService.Disconnects.SweepReport",
            "TokenService.Ledger.ExpiryPurger",
            "TokenService.Ledger.LedgerEntity",
            "TokenService.Ledger.PurgeReport",
            "TokenService.Ledger.UsageMeter",
            "TokenService.Ledger.UsageReport",
            "TokenService.Pipeline.CallPipeline",
            "TokenService.Revocations.RevocationLookup",
            "TokenService.Rpc.ApiError",
            "TokenService.Rpc.ErrorCatalog",
            "TokenService.Rpc.Outcome",
            "TokenService.Rpc.RpcRequest",
            "TokenService.Rpc.RpcResponse",
            "TokenService.Signatures.Timestamps",
            "TokenService.Storage.StorageOptions",
            "TokenService.Storage.TableSet",
            "TokenService.Telemetry.CallTelemetry",
            "TokenService.Telemetry.ServiceTelemetry",
            "TokenService.Telemetry.TelemetryTags",
            "TokenService.TokenServiceCollectionExtensions",
            "TokenService.Tokens.TokenActions",
            "TokenService.Tokens.TokenHash",
        ],
        PublicTypes(typeof(CallPipeline).Assembly));

    [Fact]
    public void TheGatewayOffersTheHostsItsRoutesAndItsKestrelLimits() =>
        Assert.Equal(
        [
            "TokenService.Gateway.Brokers.BrokerEndpoints",
            "TokenService.Gateway.Brokers.BrokerGatewayServiceCollectionExtensions",
            "TokenService.Gateway.Brokers.EmqxGateway",
            "TokenService.Gateway.Brokers.EventGridGateway",
            "TokenService.Gateway.Brokers.RabbitMqGateway",
            "TokenService.Gateway.Hosting.GatewayKestrel",
            "TokenService.Gateway.Rpc.RpcGateway",
        ],
        PublicTypes(typeof(RpcGateway).Assembly));

    [Fact]
    public void TheTelemetryLibraryOffersTheHostsItsRegistrationOnly() =>
        Assert.Equal(
        [
            "TokenService.Telemetry.TelemetryServiceCollectionExtensions",
            "TokenService.Telemetry.TokenServiceSignals",
        ],
        PublicTypes(typeof(TokenServiceSignals).Assembly));

    private static string[] PublicTypes(Assembly assembly) =>
        [.. assembly.GetExportedTypes().Where(t => !t.IsNested).Select(t => t.FullName!).Order(StringComparer.Ordinal)];
}
