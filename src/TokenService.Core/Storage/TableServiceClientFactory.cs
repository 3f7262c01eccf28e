using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;

namespace TokenService.Storage;

/// <summary>
/// Builds the <see cref="TableServiceClient"/> from <see cref="StorageOptions"/>: a connection
/// string when one is set (Azurite), otherwise the table endpoint with Azure.Identity: the
/// user-assigned managed identity in Azure, <see cref="DefaultAzureCredential"/> elsewhere.
/// </summary>
internal static class TableServiceClientFactory
{
    /// <summary>Azurite's default table endpoint, used when nothing is configured.</summary>
    public const string DefaultAzuriteConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    public static TableServiceClient Create(StorageOptions options)
    {
        var clientOptions = new TableClientOptions();
        // Bounded tries: each one is abandoned after TryTimeout (the SDK's default is 100 s), so a
        // hung connection costs one short try and a retry can still succeed; the call as a whole
        // is bounded by StorageOptions.CallBudget (the gateway's). An exhausted retry becomes
        // SystemOverFlow / InternalError rather than a hung request.
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(50);
        clientOptions.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
        clientOptions.Retry.NetworkTimeout = options.TryTimeout;
        // Per retry: a request the store throttled and the retry hid is still counted and traced.
        clientOptions.AddPolicy(new StorageTelemetryPolicy(options.TablePrefix), HttpPipelinePosition.PerRetry);

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var connectionString = options.ConnectionString.Trim() == StorageOptions.DevelopmentStorage
                ? DefaultAzuriteConnectionString
                : options.ConnectionString;
            return new TableServiceClient(connectionString, clientOptions);
        }

        if (options.TableServiceUri is not null)
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
            return new TableServiceClient(options.TableServiceUri, credential, clientOptions);
        }

        return new TableServiceClient(DefaultAzuriteConnectionString, clientOptions);
    }
}
