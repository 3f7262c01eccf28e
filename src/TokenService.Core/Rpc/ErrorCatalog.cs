namespace TokenService.Rpc;

/// <summary>
/// The whole error catalogue of the API (docs/contract.md §7), in one place, in check order:
/// request shape, signature, account and instance, permission, rate limit, then the operation.
/// </summary>
public static class ErrorCatalog
{
    private const string Overflow = "OverFlow";

    // Request shape.
    public static ApiError Missing(string parameter) =>
        new(400, "Missing" + parameter, $"{parameter} is mandatory for this action.");

    public static ApiError InvalidParameter(string name, string detail) =>
        new(400, "InvalidParameter." + name, $"The parameter {name} is invalid. {detail}");

    public static ApiError ParameterCheckFailed(string detail) =>
        new(400, "ParameterCheckFailed", $"An error occurred while validating the parameters. {detail}");

    public static ApiError UnsupportedHttpMethod(string method, string action) =>
        new(400, "UnsupportedHTTPMethod", $"The HTTP method {method} is not supported for {action}.");

    public static ApiError InvalidFormat(string value) =>
        InvalidParameter("Format", $"Format must be JSON or XML, not '{value}'.");

    // Signature.
    public static readonly ApiError InvalidTimeStampFormat =
        new(400, "InvalidTimeStamp.Format", "The specified timestamp is not in the format yyyy-MM-ddTHH:mm:ssZ (UTC).");

    public static readonly ApiError InvalidTimeStampExpired =
        new(400, "InvalidTimeStamp.Expired", "The specified timestamp is more than 15 minutes away from the server time.");

    public static readonly ApiError SignatureNonceUsed =
        new(400, "SignatureNonceUsed", "The specified signature nonce was used already.");

    public static ApiError SignatureDoesNotMatch(string serverStringToSign) =>
        new(400, "SignatureDoesNotMatch",
            $"The request signature does not conform to Aliyun standards. server string to sign is:{serverStringToSign}");

    public static ApiError IncompleteSignature(string detail) =>
        new(400, "IncompleteSignature", $"The request signature is incomplete. {detail}");

    public static ApiError InvalidSignatureMethod(string method) =>
        new(400, "InvalidSignatureMethod", $"The signature method '{method}' is not supported.");

    public static readonly ApiError AccessKeyNotFound =
        new(404, "InvalidAccessKeyId.NotFound", "The specified AccessKeyId is not found.");

    public static readonly ApiError AccessKeyInactive =
        new(400, "InvalidAccessKeyId.Inactive", "The specified AccessKeyId is disabled.");

    // Account and instance.
    public static readonly ApiError CheckAccountInfoFailed =
        new(400, "CheckAccountInfoFailed", "An error occurred while checking the account information by the STS token.");

    public static readonly ApiError InstancePermissionCheckFailed =
        new(400, "InstancePermissionCheckFailed",
            "An error occurred while validating the permissions of the instance. Please verify the account that created the instance and its permissions settings.");

    // Permission.
    public static readonly ApiError PermissionCheckFailed =
        new(400, "PermissionCheckFailed",
            "An error occurred while validating the resource permissions. Please check the permission settings of the AccessKey.");

    // Rate limit.
    public static ApiError OverFlow(string action, TimeSpan retryAfter) =>
        new(400, action + Overflow, $"You have called {action} too many times. Please try again later.")
        {
            RetryAfter = retryAfter,
        };

    // Dispatch and service.
    public static readonly ApiError ApiNotSupport =
        new(404, "ApiNotSupport", "The specified API is not supported.");

    public static readonly ApiError InternalError =
        new(500, "InternalError", "An error occurred while processing your request. Try again later.");

    public static readonly ApiError SystemOverFlow =
        new(500, "SystemOverFlow", "An error occurred while processing your request. Please try again.");
}
