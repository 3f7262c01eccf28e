using System.Collections.Concurrent;
using TokenService.Bench.Clients;
using TokenService.Bench.Load;
using TokenService.Bench.Setup;

namespace TokenService.Bench.Phases;

/// <summary>
/// The service's three calls under the same closed-loop load as the baseline. Worker <c>w</c>
/// signs as tenant <c>w mod accounts</c>, so the load is spread over the accounts' partitions the
/// way the baseline's is. Every call is V1-signed with a fresh nonce.
/// <list type="bullet">
/// <item>RevokeToken: a distinct genuine token each call (minted beforehand with the service's
/// signing key), so every call stores a new revocation record.</item>
/// <item>QueryToken: a genuine, unrevoked token from ApplyToken, so every call verifies the token
/// and reads the revocation row before committing (answer <c>TokenStatus: true</c>).</item>
/// <item>ApplyToken: two topic filters, R,W, one hour.</item>
/// </list>
/// </summary>
internal sealed class ServicePhases(IReadOnlyList<SignedRpcClient> clients, Tenants tenants)
{
    public const string RevokeName = "RevokeToken";
    public const string QueryName = "QueryToken";
    public const string ApplyName = "ApplyToken";

    private readonly string[] _queryTokens = new string[clients.Count];

    /// <summary>Tokens minted during the measurement because the pool ran out (client CPU spent on ECDSA).</summary>
    public long TokensMintedLate { get; private set; }

    /// <summary>One ApplyToken per tenant: the tokens QueryToken will check.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < clients.Count; i++)
        {
            var answer = await clients[i].ApplyAsync(clients[i].Key.InstanceId, cancellationToken).ConfigureAwait(false);
            _queryTokens[i] = answer.Ok ? answer.Field("Token")! : throw new InvalidOperationException($"ApplyToken answered {answer}");
            var check = await clients[i].QueryAsync(clients[i].Key.InstanceId, _queryTokens[i], cancellationToken).ConfigureAwait(false);
            if (!check.Ok || !check.TokenStatusTrue)
            {
                throw new InvalidOperationException($"QueryToken of a fresh token answered {check}");
            }
        }
    }

    public async Task<LoadResult> RevokeAsync(int concurrency, TimeSpan warmup, TimeSpan duration, int expectedCalls, CpuMeter cpu, Action<string>? progress)
    {
        progress?.Invoke($"{RevokeName}: minting {expectedCalls} genuine tokens to revoke");
        var pools = clients.Select(c => new ConcurrentQueue<string>()).ToArray();
        var perTenant = (expectedCalls / clients.Count) + 1;
        Parallel.For(0, clients.Count * perTenant, i => pools[i % clients.Count].Enqueue(tenants.MintToken(clients[i % clients.Count].Key)));

        var late = 0L;
        var result = await LoadRunner.RunAsync(RevokeName, concurrency, warmup, duration, async (worker, _, cancellationToken) =>
        {
            var tenant = worker % clients.Count;
            if (!pools[tenant].TryDequeue(out var token))
            {
                Interlocked.Increment(ref late);
                token = tenants.MintToken(clients[tenant].Key);
            }

            var answer = await clients[tenant].RevokeAsync(clients[tenant].Key.InstanceId, token, cancellationToken).ConfigureAwait(false);
            return answer.Ok ? null : answer.ToString();
        }, cpu, progress).ConfigureAwait(false);
        TokensMintedLate = late;
        return result;
    }

    public Task<LoadResult> QueryAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu, Action<string>? progress) =>
        LoadRunner.RunAsync(QueryName, concurrency, warmup, duration, async (worker, _, cancellationToken) =>
        {
            var tenant = worker % clients.Count;
            var answer = await clients[tenant].QueryAsync(clients[tenant].Key.InstanceId, _queryTokens[tenant], cancellationToken).ConfigureAwait(false);
            return answer.Ok && answer.TokenStatusTrue ? null : answer.ToString();
        }, cpu, progress);

    public Task<LoadResult> ApplyAsync(int concurrency, TimeSpan warmup, TimeSpan duration, CpuMeter cpu, Action<string>? progress) =>
        LoadRunner.RunAsync(ApplyName, concurrency, warmup, duration, async (worker, _, cancellationToken) =>
        {
            var tenant = worker % clients.Count;
            var answer = await clients[tenant].ApplyAsync(clients[tenant].Key.InstanceId, cancellationToken).ConfigureAwait(false);
            return answer.Ok && answer.Body.Contains("\"Token\":", StringComparison.Ordinal) ? null : answer.ToString();
        }, cpu, progress);
}
