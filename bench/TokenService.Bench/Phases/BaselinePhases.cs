using System.Globalization;
using TokenService.Bench.Clients;
using TokenService.Bench.Load;

namespace TokenService.Bench.Phases;

/// <summary>
/// The baseline: what Azurite itself sustains for single-entity operations, and for the exact
/// storage requests each service call makes, driven by the same load client at the same
/// concurrency, into the service's own Ledger table. Each phase writes to partitions of its own
/// (as each service phase uses accounts of its own): Azurite's point read scans the rows of the
/// partition, so phases must not inherit each other's partitions.
/// </summary>
/// <param name="store">The raw REST client.</param>
/// <param name="table">The service's Ledger table (it exists: the service's first call made it).</param>
/// <param name="partitions">How many partitions the load is spread over (as many as the service's accounts).</param>
/// <param name="group">Names this phase's partitions.</param>
internal sealed class BaselinePhases(TableRestClient store, string table, int partitions, string group)
{
    public const string UpsertName = "Baseline: upsert (Insert Or Replace)";
    public const string PointReadName = "Baseline: point read";
    public const string RevokeEquivalentName = "Raw: RevokeToken's transaction (5 inserts)";
    public const string QueryEquivalentName = "Raw: QueryToken's read (a miss) + transaction (3 inserts)";
    public const string ApplyEquivalentName = "Raw: ApplyToken's transaction (3 inserts)";

    private const int ReadableRowsPerPartition = 200;

    private readonly string _entity = EntityJson();

    /// <summary>The rows the point read reads.</summary>
    public async Task PrepareReadsAsync(CancellationToken cancellationToken)
    {
        for (var partition = 0; partition < partitions; partition++)
        {
            for (var row = 0; row < ReadableRowsPerPartition; row++)
            {
                var status = await store.UpsertAsync(table, Partition(partition), ReadableRow(row), _entity, cancellationToken).ConfigureAwait(false);
                if (status != 204)
                {
                    throw new InvalidOperationException($"Azurite answered {status} to an upsert");
                }
            }
        }
    }

    public Task<LoadResult> UpsertAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu, Action<string>? progress) =>
        LoadRunner.RunAsync(UpsertName, concurrency, warmup, duration, async (worker, sequence, cancellationToken) =>
        {
            var row = string.Create(CultureInfo.InvariantCulture, $"w{worker:D3}-{sequence:D9}");
            var status = await store.UpsertAsync(table, Partition(worker % partitions), row, _entity, cancellationToken).ConfigureAwait(false);
            return status == 204 ? null : $"upsert answered {status}";
        }, cpu, progress);

    public Task<LoadResult> PointReadAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu, Action<string>? progress) =>
        LoadRunner.RunAsync(PointReadName, concurrency, warmup, duration, async (worker, sequence, cancellationToken) =>
        {
            var row = ReadableRow(Random.Shared.Next(ReadableRowsPerPartition));
            var status = await store.ReadAsync(table, Partition(worker % partitions), row, cancellationToken).ConfigureAwait(false);
            return status == 200 ? null : $"point read answered {status}";
        }, cpu, progress);

    /// <summary>The rows RevokeToken commits: usage slot, nonce, nonce expiry index, revocation record, its expiry index.</summary>
    public Task<LoadResult> RevokeEquivalentAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu, Action<string>? progress) =>
        LoadRunner.RunAsync(RevokeEquivalentName, concurrency, warmup, duration, (worker, sequence, cancellationToken) =>
            TransactionAsync(worker, sequence, revocation: true, cancellationToken), cpu, progress);

    /// <summary>QueryToken's requests: the revocation point read (not found), then slot, nonce and nonce index.</summary>
    public Task<LoadResult> QueryEquivalentAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu, Action<string>? progress) =>
        LoadRunner.RunAsync(QueryEquivalentName, concurrency, warmup, duration, async (worker, sequence, cancellationToken) =>
        {
            var status = await store.ReadAsync(table, Partition(worker % partitions), "r|mqtt-bench-0|" + LedgerHash(worker, sequence, "missing"), cancellationToken).ConfigureAwait(false);
            return status == 404
                ? await TransactionAsync(worker, sequence, revocation: false, cancellationToken).ConfigureAwait(false)
                : $"point read of a missing row answered {status}";
        }, cpu, progress);

    /// <summary>ApplyToken's rows: slot, nonce and nonce index.</summary>
    public Task<LoadResult> ApplyEquivalentAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu, Action<string>? progress) =>
        LoadRunner.RunAsync(ApplyEquivalentName, concurrency, warmup, duration, (worker, sequence, cancellationToken) =>
            TransactionAsync(worker, sequence, revocation: false, cancellationToken), cpu, progress);

    /// <summary>Rows with the service's ledger keys and columns (see LedgerKeys), values of the same sizes.</summary>
    private async Task<string?> TransactionAsync(int worker, long sequence, bool revocation, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddMinutes(31).ToUnixTimeSeconds().ToString("D10", CultureInfo.InvariantCulture);
        var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var slot = string.Create(CultureInfo.InvariantCulture, $"u|{now.ToUnixTimeSeconds():D10}|RevokeToken|{worker:D3}{sequence % 1000:D3}");
        var nonce = "n|" + LedgerHash(worker, sequence, "nonce");
        var rows = new List<(string, string)>(5)
        {
            (slot, $$"""
                "RequestId":"{{requestId}}","InstanceId":"mqtt-bench-0","Action":"RevokeToken","AccessKeyId":"LTAI5tBenchmarkKey0000000"
                """),
            (nonce, $$"""
                "RequestId":"{{requestId}}","ExpiresAt@odata.type":"Edm.DateTime","ExpiresAt":"{{now.AddMinutes(31).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}}"
                """),
            ($"x|{expires}|{nonce}", ""),
        };
        if (revocation)
        {
            var record = "r|mqtt-bench-0|" + LedgerHash(worker, sequence, "token");
            rows.Add((record, _entity.Trim()[1..^1]));
            rows.Add(($"x|{expires}|{record}", ""));
        }

        var status = await store.InsertTransactionAsync(table, Partition(worker % partitions), rows, cancellationToken).ConfigureAwait(false);
        return status == 202 ? null : $"transaction answered {status}";
    }

    private static string LedgerHash(int worker, long sequence, string kind) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}|{worker}|{sequence}|{Environment.TickCount64}"))));

    private string Partition(int index) => $"{group}-{index.ToString(CultureInfo.InvariantCulture)}";

    private static string ReadableRow(int index) => "r-" + index.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The same columns as the service's revocation row, with values of the same sizes.</summary>
    private static string EntityJson()
    {
        var now = DateTimeOffset.UtcNow;
        string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        return $$"""
            {"InstanceId":"mqtt-bench-0","RevokedAt@odata.type":"Edm.DateTime","RevokedAt":"{{Time(now)}}","AccessKeyId":"LTAI5tBenchmarkKey0000000","AccountId":"bench-0","RequestId":"{{Guid.NewGuid().ToString("D").ToUpperInvariant()}}","ClientAddress":"127.0.0.1","ExpiresAt@odata.type":"Edm.DateTime","ExpiresAt":"{{Time(now.AddHours(1))}}","ExpiryKnown":true}
            """;
    }
}
