using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using TokenService.Gateway.Brokers;

namespace TokenService.Functions.Brokers;

/// <summary>
/// <c>rabbitmq_auth_backend_http</c>'s four paths. <see cref="AuthorizationLevel.Function"/>: the
/// Functions host checks the function key the broker sends as <c>?code=</c> before the worker sees
/// the call, so the gateway's own <c>Brokers__Key</c> check (the standalone server's) is not used here.
/// </summary>
public static class RabbitMqFunctions
{
    [Function("BrokerRabbitMqUser")]
    public static async Task<IActionResult> UserAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "broker/rabbitmq/user")] HttpRequest request)
    {
        await RabbitMqGateway.UserAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("BrokerRabbitMqVhost")]
    public static async Task<IActionResult> VhostAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "broker/rabbitmq/vhost")] HttpRequest request)
    {
        await RabbitMqGateway.VhostAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("BrokerRabbitMqResource")]
    public static async Task<IActionResult> ResourceAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "broker/rabbitmq/resource")] HttpRequest request)
    {
        await RabbitMqGateway.ResourceAsync(request.HttpContext);
        return new EmptyResult();
    }

    [Function("BrokerRabbitMqTopic")]
    public static async Task<IActionResult> TopicAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "broker/rabbitmq/topic")] HttpRequest request)
    {
        await RabbitMqGateway.TopicAsync(request.HttpContext);
        return new EmptyResult();
    }
}
