using TokenService.Storage;

namespace TokenService.Tests.Telemetry;

public sealed class StorageRequestKindTests
{
    [Theory]
    [InlineData("GET", "/MqttAccessKeys(PartitionKey='LTAI1',RowKey='')", "AccessKeys", "PointRead")]
    [InlineData("GET", "/devstoreaccount1/MqttLedger()", "Ledger", "Query")]
    [InlineData("GET", "/devstoreaccount1/MqttLedger(PartitionKey='a/b',RowKey='r|x/y')", "Ledger", "PointRead")]
    [InlineData("POST", "/devstoreaccount1/$batch", StorageRequestKind.BatchTable, "Transaction")]
    [InlineData("POST", "/Tables", "Tables", "CreateTable")]
    [InlineData("DELETE", "/MqttLedger(PartitionKey='a',RowKey='b')", "Ledger", "Delete")]
    [InlineData("PUT", "/MqttInstances(PartitionKey='i',RowKey='')", "Instances", "Update")]
    [InlineData("GET", "/SomeoneElsesTable()", "Other", "Query")]
    public void RequestIsNamedByTableWithoutPrefixAndKind(string method, string path, string table, string kind) =>
        Assert.Equal((table, kind), StorageRequestKind.Classify(method, path, "Mqtt"));

    [Theory]
    [InlineData(503, null, "ServerBusy")]
    [InlineData(500, "ServerBusy", "ServerBusy")]
    [InlineData(429, null, "ServerBusy")]
    [InlineData(500, "OperationTimedOut", "Timeout")]
    [InlineData(500, "InternalError", "ServerError")]
    [InlineData(404, "ResourceNotFound", null)]
    [InlineData(409, "EntityAlreadyExists", null)]
    [InlineData(200, null, null)]
    public void OnlyTheStoresOwnFailuresCountAsFailures(int status, string? errorCode, string? failure) =>
        Assert.Equal(failure, StorageRequestKind.Failure(status, errorCode));
}
