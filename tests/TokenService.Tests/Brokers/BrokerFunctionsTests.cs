using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using TokenService.Functions.Brokers;

namespace TokenService.Tests.Brokers;

public class BrokerFunctionsTests
{
    [Theory]
    [InlineData("BrokerRabbitMqUser", "broker/rabbitmq/user", AuthorizationLevel.Function)]
    [InlineData("BrokerRabbitMqVhost", "broker/rabbitmq/vhost", AuthorizationLevel.Function)]
    [InlineData("BrokerRabbitMqResource", "broker/rabbitmq/resource", AuthorizationLevel.Function)]
    [InlineData("BrokerRabbitMqTopic", "broker/rabbitmq/topic", AuthorizationLevel.Function)]
    [InlineData("BrokerEmqxAuthn", "broker/emqx/authn", AuthorizationLevel.Function)]
    [InlineData("BrokerEmqxAuthz", "broker/emqx/authz", AuthorizationLevel.Function)]
    // Event Grid sends an Entra ID token, not a function key: the gateway validates it.
    [InlineData("BrokerEventGridAuthn", "broker/eventgrid/authn", AuthorizationLevel.Anonymous)]
    public void EachBrokerFunctionHasItsFixedPostRouteAndTheHostChecksTheFunctionKeyWhereABrokerSendsOne(
        string name, string route, AuthorizationLevel level)
    {
        var method = typeof(RabbitMqFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance))
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == name);
        var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;

        Assert.Equal(route, trigger.Route);
        Assert.Equal(level, trigger.AuthLevel);
        Assert.Equal(["post"], trigger.Methods!);
    }
}
