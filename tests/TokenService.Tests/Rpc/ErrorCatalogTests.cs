using TokenService.Rpc;

namespace TokenService.Tests.Rpc;

/// <summary>The catalogue is the contract: every code with its documented HTTP status (docs/contract.md §7.1).</summary>
public sealed class ErrorCatalogTests
{
    public static TheoryData<ApiError, int, string> Catalogue() => new()
    {
        { ErrorCatalog.Missing("Signature"), 400, "MissingSignature" },
        { ErrorCatalog.Missing("AccessKeyId"), 400, "MissingAccessKeyId" },
        { ErrorCatalog.InvalidParameter("Token", "x"), 400, "InvalidParameter.Token" },
        { ErrorCatalog.ParameterCheckFailed("x"), 400, "ParameterCheckFailed" },
        { ErrorCatalog.UnsupportedHttpMethod("GET", "RevokeToken"), 400, "UnsupportedHTTPMethod" },
        { ErrorCatalog.InvalidFormat("YAML"), 400, "InvalidParameter.Format" },
        { ErrorCatalog.InvalidTimeStampFormat, 400, "InvalidTimeStamp.Format" },
        { ErrorCatalog.InvalidTimeStampExpired, 400, "InvalidTimeStamp.Expired" },
        { ErrorCatalog.SignatureNonceUsed, 400, "SignatureNonceUsed" },
        { ErrorCatalog.SignatureDoesNotMatch("GET&%2F&x"), 400, "SignatureDoesNotMatch" },
        { ErrorCatalog.IncompleteSignature("x"), 400, "IncompleteSignature" },
        { ErrorCatalog.InvalidSignatureMethod("MD5"), 400, "InvalidSignatureMethod" },
        { ErrorCatalog.AccessKeyNotFound, 404, "InvalidAccessKeyId.NotFound" },
        { ErrorCatalog.AccessKeyInactive, 400, "InvalidAccessKeyId.Inactive" },
        { ErrorCatalog.CheckAccountInfoFailed, 400, "CheckAccountInfoFailed" },
        { ErrorCatalog.InstancePermissionCheckFailed, 400, "InstancePermissionCheckFailed" },
        { ErrorCatalog.PermissionCheckFailed, 400, "PermissionCheckFailed" },
        { ErrorCatalog.OverFlow("RevokeToken", TimeSpan.FromSeconds(1)), 400, "RevokeTokenOverFlow" },
        { ErrorCatalog.OverFlow("ApplyToken", TimeSpan.FromSeconds(1)), 400, "ApplyTokenOverFlow" },
        { ErrorCatalog.OverFlow("QueryToken", TimeSpan.FromSeconds(1)), 400, "QueryTokenOverFlow" },
        { ErrorCatalog.ApiNotSupport, 404, "ApiNotSupport" },
        { ErrorCatalog.InternalError, 500, "InternalError" },
        { ErrorCatalog.SystemOverFlow, 500, "SystemOverFlow" },
    };

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void EveryCodeHasItsDocumentedStatus(ApiError error, int status, string code)
    {
        Assert.Equal(status, error.HttpStatus);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void SignatureMismatchShowsTheServerStringToSign() =>
        Assert.EndsWith("server string to sign is:POST&%2F&abc", ErrorCatalog.SignatureDoesNotMatch("POST&%2F&abc").Message, StringComparison.Ordinal);

    [Fact]
    public void ThrottlingCarriesRetryAfter() =>
        Assert.Equal(TimeSpan.FromSeconds(1), ErrorCatalog.OverFlow("RevokeToken", TimeSpan.FromSeconds(1)).RetryAfter);

    [Fact]
    public void InternalErrorsSayNothingAboutTheStore()
    {
        Assert.DoesNotContain("table", ErrorCatalog.InternalError.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("storage", ErrorCatalog.SystemOverFlow.Message, StringComparison.OrdinalIgnoreCase);
    }
}
