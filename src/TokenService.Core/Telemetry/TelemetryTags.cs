namespace TokenService.Telemetry;

/// <summary>
/// Attribute names on spans and metrics. Metric dimensions are only ever the bounded ones
/// (action, code, table, kind, error, broker, result, reason): never a token, an AccessKeyId, a
/// client id or a RequestId, which would make every call its own time series. InstanceId and
/// RequestId are span attributes only.
/// </summary>
public static class TelemetryTags
{
    public const string Action = "tokenservice.action";
    public const string Code = "tokenservice.code";
    public const string InstanceId = "tokenservice.instance_id";
    public const string RequestId = "tokenservice.request_id";
    public const string HttpStatus = "http.response.status_code";

    public const string StorageTable = "tokenservice.storage.table";
    public const string StorageKind = "tokenservice.storage.kind";
    public const string StorageError = "tokenservice.storage.error";

    public const string Broker = "tokenservice.broker";
    public const string BrokerResult = "tokenservice.broker.result";
    public const string SessionCloseReason = "tokenservice.session.reason";
    public const string RevocationToDisconnectSeconds = "tokenservice.revocation_to_disconnect_s";

    public const string PurgeKind = "tokenservice.purge.kind";
    public const string FenceOutcome = "tokenservice.fence.outcome";

    /// <summary>The <c>Code</c> of a call that succeeded (the API sends no code then).</summary>
    public const string SuccessCode = "Success";

    /// <summary>The action dimension of a call whose Action is missing or not one the service has.</summary>
    public const string OtherAction = "Other";
}
