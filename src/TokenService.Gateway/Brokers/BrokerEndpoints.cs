using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace TokenService.Gateway.Brokers;

/// <summary>
/// The broker-facing routes (docs/contract.md §8.3) on the standalone server, RabbitMQ's and EMQX's behind <see cref="BrokerKey"/>.
/// Explicit routes take precedence over the RPC gateway's fallback, so the order of the Map calls
/// does not matter.
/// </summary>
public static class BrokerEndpoints
{
    public const string RabbitMqUser = "/broker/rabbitmq/user";
    public const string RabbitMqVhost = "/broker/rabbitmq/vhost";
    public const string RabbitMqResource = "/broker/rabbitmq/resource";
    public const string RabbitMqTopic = "/broker/rabbitmq/topic";
    public const string EmqxAuthn = "/broker/emqx/authn";
    public const string EmqxAuthz = "/broker/emqx/authz";
    public const string EventGridAuthn = "/broker/eventgrid/authn";

    public static IEndpointRouteBuilder MapBrokerEndpoints(this IEndpointRouteBuilder routes)
    {
        MapKeyed(routes, RabbitMqUser, RabbitMqGateway.UserAsync);
        MapKeyed(routes, RabbitMqVhost, RabbitMqGateway.VhostAsync);
        MapKeyed(routes, RabbitMqResource, RabbitMqGateway.ResourceAsync);
        MapKeyed(routes, RabbitMqTopic, RabbitMqGateway.TopicAsync);
        MapKeyed(routes, EmqxAuthn, EmqxGateway.AuthenticateAsync);
        MapKeyed(routes, EmqxAuthz, EmqxGateway.AuthorizeAsync);
        // Event Grid authenticates with an Entra ID token instead of the key (EventGridCaller).
        routes.MapPost(EventGridAuthn, EventGridGateway.AuthenticateAsync);
        return routes;
    }

    private static void MapKeyed(IEndpointRouteBuilder routes, string pattern, RequestDelegate handler) =>
        routes.MapPost(pattern, http => BrokerKey.IsPresented(http) ? handler(http) : BrokerKey.RefuseAsync(http));
}
