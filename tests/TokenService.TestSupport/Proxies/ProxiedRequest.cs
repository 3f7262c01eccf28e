using System.Text;

namespace TokenService.TestSupport.Proxies;

/// <summary>
/// A storage request as <see cref="FaultProxy"/> saw it. <see cref="Path"/> is percent-decoded
/// (<c>/devstoreaccount1/tabc123Ledger(PartitionKey='acct-1',RowKey='r|...')</c>), so rules can
/// match on table names and row keys as the code writes them.
/// </summary>
public sealed record ProxiedRequest(string Method, string Path, string Query, byte[] Body, DateTimeOffset At)
{
    /// <summary>Set when an armed rule matched the request.</summary>
    public StoreFault? Fault { get; init; }

    /// <summary>An entity-group transaction: <c>POST /&lt;account&gt;/$batch</c> with a multipart body.</summary>
    public bool IsTransaction => Method == "POST" && Path.EndsWith("/$batch", StringComparison.Ordinal);

    /// <summary>
    /// A transaction of the ledger's fence (it writes a row marked <c>Aborted</c>), sent in the
    /// background after a call whose commit failed: not one of the call's own tries.
    /// </summary>
    public bool IsFence => IsTransaction && BodyText.Contains("\"Aborted\"", StringComparison.Ordinal);

    /// <summary>A point read or a query of one table (<c>GET /&lt;account&gt;/&lt;table&gt;(...)</c> or <c>GET /&lt;account&gt;/&lt;table&gt;()</c>).</summary>
    public bool IsReadOf(string table) =>
        Method == "GET" && Path.Contains("/" + table + "(", StringComparison.Ordinal);

    /// <summary>A point read of one entity of a table (<c>PartitionKey='...',RowKey='...'</c> in the path).</summary>
    public bool IsPointReadOf(string table) => IsReadOf(table) && Path.Contains("RowKey='", StringComparison.Ordinal);

    public string BodyText => Encoding.UTF8.GetString(Body);

    public override string ToString() => Fault is { } fault ? $"{Method} {Path}{Query} [{fault}]" : $"{Method} {Path}{Query}";
}
