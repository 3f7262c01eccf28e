namespace TokenService.TestSupport.Proxies;

/// <summary>
/// The kinds of storage request <see cref="CountingProxy"/> tells apart, as the bench's report
/// names them (one row per kind of the round trips of each call).
/// </summary>
public static class StorageRequestKinds
{
    public const string Transaction = "entity-group transaction";
    public const string PointRead = "point read";
    public const string Query = "range query";
    public const string CreateTable = "create table";
    public const string Delete = "delete";
    public const string OtherWrite = "other write";

    public static readonly IReadOnlyList<string> All = [Transaction, PointRead, Query, CreateTable, Delete, OtherWrite];
}
