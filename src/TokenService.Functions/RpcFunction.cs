using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TokenService.Gateway.Rpc;

namespace TokenService.Functions;

/// <summary>
/// The Alibaba Cloud RPC API. A catch-all route with the empty route prefix of host.json also
/// matches the site root <c>/</c>, where the SDKs send every call; the gateway answers other paths
/// with ApiNotSupport. Every method is declared so that the gateway, not the host, answers a
/// method an action does not allow (UnsupportedHTTPMethod in the API's own shape).
/// </summary>
public static class RpcFunction
{
    public const string Name = "Rpc";

    [Function(Name)]
    public static async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", "head", "options", Route = "{*route}")] HttpRequest request)
    {
        await RpcGateway.HandleAsync(request.HttpContext);
        // The gateway has written the whole answer; nothing more goes to the response.
        return new EmptyResult();
    }
}
