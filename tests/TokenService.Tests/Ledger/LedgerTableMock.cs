using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Moq;
using TokenService.Storage;

namespace TokenService.Tests.Ledger;

/// <summary>
/// A <see cref="TableSet"/> whose tables are one Moq'd <see cref="TableClient"/> (its members are
/// virtual), with the answers the store gives, built the way the SDK builds them.
/// </summary>
public sealed class LedgerTableMock
{
    public LedgerTableMock()
    {
        var service = new Mock<TableServiceClient>();
        service.Setup(s => s.GetTableClient(It.IsAny<string>())).Returns(Table.Object);
        Table.Setup(t => t.CreateIfNotExistsAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(Response.FromValue(new TableItem("t"), Mock.Of<Response>()));
        Tables = new TableSet(service.Object, "t");
    }

    public Mock<TableClient> Table { get; } = new();

    public TableSet Tables { get; }

    /// <summary>What a transaction whose action <paramref name="index"/> hit an existing row throws.</summary>
    public static TableTransactionFailedException Conflict(int index)
    {
        var failure = new RequestFailedException(409, $"{index}:The specified entity already exists.", "EntityAlreadyExists", null);
        failure.Data["FailedEntity"] = index.ToString(CultureInfo.InvariantCulture);
        return new TableTransactionFailedException(failure);
    }

    public static Task<Response<IReadOnlyList<Response>>> Accepted() =>
        Task.FromResult(Response.FromValue<IReadOnlyList<Response>>([], Mock.Of<Response>()));

    public static Task<NullableResponse<T>> Found<T>(T entity) =>
        Task.FromResult<NullableResponse<T>>(Response.FromValue(entity, Mock.Of<Response>()));

    public static Task<NullableResponse<T>> Missing<T>() =>
        Task.FromResult(Mock.Of<NullableResponse<T>>(r => r.HasValue == false));

    public static AsyncPageable<T> Rows<T>(params T[] rows) where T : notnull =>
        AsyncPageable<T>.FromPages([Page<T>.FromValues(rows, null, Mock.Of<Response>())]);
}
