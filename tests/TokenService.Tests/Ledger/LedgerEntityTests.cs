using System.Reflection;
using Azure.Data.Tables;
using TokenService.Ledger;

namespace TokenService.Tests.Ledger;

public sealed class LedgerEntityTests
{
    private static readonly string[] StoreManaged = [nameof(ITableEntity.Timestamp), nameof(ITableEntity.ETag)];

    private static IEnumerable<PropertyInfo> Columns =>
        typeof(LedgerEntity).GetProperties().Where(p => !StoreManaged.Contains(p.Name));

    [Fact]
    public void EveryColumnOfTheEntityIsWrittenWhenSet()
    {
        // Guards ToRow's explicit list: a column added to LedgerEntity but not to ToRow would be
        // silently dropped on write.
        var entity = new LedgerEntity();
        foreach (var column in Columns)
        {
            column.SetValue(entity, SampleValue(column.PropertyType));
        }

        var row = entity.ToRow();

        Assert.Equal(Columns.Select(c => c.Name).Order(StringComparer.Ordinal), row.Keys.Order(StringComparer.Ordinal));
        Assert.All(Columns, c => Assert.Equal(c.GetValue(entity), row[c.Name]));
    }

    [Fact]
    public void ColumnsLeftNullAreNotSent()
    {
        var row = new LedgerEntity { PartitionKey = "acct-1", RowKey = "x|1|n|abc" }.ToRow();

        Assert.Equal(["PartitionKey", "RowKey"], row.Keys.Order(StringComparer.Ordinal));
    }

    private static object SampleValue(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "value",
        var t when t == typeof(DateTimeOffset) => new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero),
        var t when t == typeof(bool) => true,
        var t => throw new InvalidOperationException($"LedgerEntity has a column of type {t}: give it a sample value here."),
    };
}
