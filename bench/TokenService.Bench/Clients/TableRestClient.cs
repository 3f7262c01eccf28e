using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace TokenService.Bench.Clients;

/// <summary>
/// The baseline: Azurite's Table REST API spoken directly, with no SDK in between, authorized with
/// Shared Key Lite. For the Table service its StringToSign is the date and the canonicalized
/// resource, <c>Date + "\n" + "/" + account + URI path</c>; on the emulator's path-style URIs
/// the path itself starts with the account, so the account appears twice.
/// </summary>
internal sealed class TableRestClient
{
    public const string AzuriteAccount = "devstoreaccount1";
    public const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly byte[] _key = Convert.FromBase64String(AzuriteKey);

    /// <param name="http">The load client's shared HttpClient.</param>
    /// <param name="endpoint">The table endpoint, e.g. <c>http://127.0.0.1:10002/devstoreaccount1</c>.</param>
    public TableRestClient(HttpClient http, Uri endpoint)
    {
        _http = http;
        _endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/");
    }

    public async Task<int> CreateTableAsync(string table, CancellationToken cancellationToken)
    {
        using var request = Build(HttpMethod.Post, "Tables");
        request.Content = new StringContent($$"""{"TableName":"{{table}}"}""", Encoding.UTF8);
        request.Content.Headers.ContentType = Json;
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Insert Or Replace Entity: PUT without If-Match. 204 when stored.</summary>
    public async Task<int> UpsertAsync(string table, string partitionKey, string rowKey, string entityJson, CancellationToken cancellationToken)
    {
        using var request = Build(HttpMethod.Put, EntityPath(table, partitionKey, rowKey));
        request.Content = new StringContent(entityJson, Encoding.UTF8);
        request.Content.Headers.ContentType = Json;
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Query Entity by its keys (a point read). 200 with the entity.</summary>
    public async Task<int> ReadAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        using var request = Build(HttpMethod.Get, EntityPath(table, partitionKey, rowKey));
        return await SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An entity-group transaction of inserts into one partition (what the service sends for a
    /// call's ledger rows): 202 with every inner answer a 2xx, else the status or 409 for a failed change.
    /// </summary>
    public async Task<int> InsertTransactionAsync(string table, string partitionKey, IReadOnlyList<(string RowKey, string Properties)> rows, CancellationToken cancellationToken)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var target = new Uri(_endpoint, table).AbsoluteUri;
        var body = new StringBuilder(512 * rows.Count);
        body.Append("--").Append(batch).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");
        foreach (var (rowKey, properties) in rows)
        {
            body.Append("--").Append(changeset).Append("\r\n")
                .Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
                .Append("POST ").Append(target).Append(" HTTP/1.1\r\n")
                .Append("Content-Type: application/json\r\nAccept: application/json;odata=nometadata\r\nPrefer: return-no-content\r\nDataServiceVersion: 3.0\r\n\r\n")
                .Append("{\"PartitionKey\":\"").Append(partitionKey).Append("\",\"RowKey\":\"").Append(rowKey).Append('"')
                .Append(properties.Length > 0 ? "," : "").Append(properties).Append("}\r\n");
        }

        body.Append("--").Append(changeset).Append("--\r\n--").Append(batch).Append("--\r\n");
        using var request = Build(HttpMethod.Post, "$batch");
        request.Content = new StringContent(body.ToString(), Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/mixed; boundary=" + batch);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode == 202 && answer.Contains("HTTP/1.1 4", StringComparison.Ordinal) ? 409 : (int)response.StatusCode;
    }

    private static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{Escape(partitionKey)}',RowKey='{Escape(rowKey)}')";

    // OData doubles single quotes; the bench's keys are plain ASCII letters, digits and '-'.
    private static string Escape(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private HttpRequestMessage Build(HttpMethod method, string resource)
    {
        var uri = new Uri(_endpoint, resource);
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        var stringToSign = date + "\n/" + AzuriteAccount + uri.AbsolutePath;
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-version", "2019-02-02");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;odata=nometadata");
        request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0");
        request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKeyLite {AzuriteAccount}:{signature}");
        return request;
    }

    private async Task<int> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        // Read the body as the SDK would (the point read's entity), so both sides pay for it.
        await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode;
    }
}
