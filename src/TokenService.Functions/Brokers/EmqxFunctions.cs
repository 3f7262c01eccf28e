using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TokenService.Gateway.Brokers;

namespace TokenService.Functions.Brokers;

/// <summary>EMQX 5's HTTP authentication and authorization, behind the host's function key (see <see cref="RabbitMqFunctions"/>).</summary>
public static class EmqxFunctions
{
    [Function("BrokerEmqxAuthn")]
    public static async Task<IActionResult> AuthenticateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "broker/emqx/authn")] HttpRequest request)
    {
        await EmqxGateway.AuthenticateAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("BrokerEmqxAuthz")]
    public static async Task<IActionResult> AuthorizeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "broker/emqx/authz")] HttpRequest request)
    {
        await EmqxGateway.AuthorizeAsync(request.HttpContext);
        return new EmptyResult();
    }
}
