namespace TokenService.Storage;

/// <summary>
/// Names a Table Storage request for telemetry from its method and path alone (never the query
/// string, which holds keys and filters): the table without the deployment's prefix, so that the
/// dimension stays one of a handful, and the kind of request.
/// </summary>
internal static class StorageRequestKind
{
    public const string BatchTable = "(batch)";

    public const string Transaction = "Transaction";
    public const string PointRead = "PointRead";
    public const string Query = "Query";
    public const string Insert = "Insert";
    public const string Update = "Update";
    public const string Delete = "Delete";
    public const string CreateTable = "CreateTable";
    public const string DeleteTable = "DeleteTable";
    public const string ListTables = "ListTables";

    /// <summary>Every kind, reads first: the order in which a report lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Transaction, PointRead, Query, Insert, Update, Delete, CreateTable, DeleteTable, ListTables];

    /// <summary>The table and kind of a request; its path is <c>/Table(...)</c> on Azure, <c>/account/Table(...)</c> on Azurite.</summary>
    public static (string Table, string Kind) Classify(string method, string path, string tablePrefix)
    {
        // Keys inside the parentheses may hold any character: the table is the segment before them.
        var open = path.IndexOf('(', StringComparison.Ordinal);
        var head = open < 0 ? path.TrimEnd('/') : path[..open];
        var name = head[(head.LastIndexOf('/') + 1)..];
        var keyed = open >= 0 && path.Length > open + 2;

        if (name == "$batch")
        {
            return (BatchTable, Transaction);
        }

        if (name == "Tables")
        {
            return ("Tables", method switch { "POST" => CreateTable, "DELETE" => DeleteTable, _ => ListTables });
        }

        var table = name.StartsWith(tablePrefix, StringComparison.Ordinal) && name.Length > tablePrefix.Length ? name[tablePrefix.Length..] : "Other";
        var kind = method switch
        {
            "GET" => keyed ? PointRead : Query,
            "POST" => Insert,
            "DELETE" => Delete,
            _ => Update,
        };
        return (table, kind);
    }

    /// <summary>The store's failure, if the answer is one (4xx answers are the design: missing rows, conflicts).</summary>
    public static string? Failure(int status, string? errorCode) => status switch
    {
        503 or 429 => "ServerBusy",
        _ when errorCode == "ServerBusy" => "ServerBusy",
        504 => "Timeout",
        500 when errorCode == "OperationTimedOut" => "Timeout",
        >= 500 => "ServerError",
        _ => null,
    };
}
