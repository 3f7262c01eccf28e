using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TokenService.Gateway.Brokers;

namespace TokenService.Functions.Brokers;

/// <summary>
/// Event Grid's custom webhook authentication. Anonymous to the host: Event Grid sends an Entra ID
/// bearer token, not a function key, and the gateway validates it (<see cref="EventGridCaller"/>).
/// </summary>
public static class EventGridFunctions
{
    [Function("BrokerEventGridAuthn")]
    public static async Task<IActionResult> AuthenticateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "broker/eventgrid/authn")] HttpRequest request)
    {
        await EventGridGateway.AuthenticateAsync(request.HttpContext);
        return new EmptyResult();
    }
}
