using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using TokenService.Telemetry;

namespace TokenService.Storage;

/// <summary>
/// One place that sees every Table Storage request (each retry included): it records the
/// storage instruments and makes each request a client span, a child of the call's span. The span
/// names the table and the kind of request, never the URL or its query. Does nothing but pass the
/// request on when telemetry is not configured.
/// </summary>
internal sealed class StorageTelemetryPolicy(string tablePrefix) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        if (!StorageMetrics.Enabled && !ServiceTelemetry.Source.HasListeners())
        {
            await Next(message, pipeline, async);
            return;
        }

        var (table, kind) = StorageRequestKind.Classify(message.Request.Method.Method, message.Request.Uri.Path, tablePrefix);
        using var activity = ServiceTelemetry.Source.StartActivity($"{table} {kind}", ActivityKind.Client);
        activity?.SetTag(TelemetryTags.StorageTable, table);
        activity?.SetTag(TelemetryTags.StorageKind, kind);
        activity?.SetTag("server.address", message.Request.Uri.Host);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Next(message, pipeline, async);
        }
        catch (Exception e) when (e is not OperationCanceledException || !message.CancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "Network");
            StorageMetrics.Record(table, kind, 0, "Network", Stopwatch.GetElapsedTime(started));
            throw;
        }

        var status = message.Response.Status;
        message.Response.Headers.TryGetValue("x-ms-error-code", out var errorCode);
        var failure = StorageRequestKind.Failure(status, errorCode);
        if (activity is not null)
        {
            activity.SetTag(TelemetryTags.HttpStatus, status);
            if (failure is not null)
            {
                activity.SetTag(TelemetryTags.StorageError, failure);
                activity.SetStatus(ActivityStatusCode.Error, failure);
            }
        }

        StorageMetrics.Record(table, kind, status, failure, Stopwatch.GetElapsedTime(started));
    }

    private static ValueTask Next(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        if (async)
        {
            return ProcessNextAsync(message, pipeline);
        }

        ProcessNext(message, pipeline);
        return ValueTask.CompletedTask;
    }
}
