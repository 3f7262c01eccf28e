namespace TokenService.Brokers;

/// <summary>
/// RabbitMQ's MQTT plugin routes an MQTT topic as an AMQP routing key: <c>/</c> becomes <c>.</c>
/// and <c>+</c> becomes <c>*</c> (<c>#</c> stays). A <c>.</c> inside an MQTT topic is therefore a
/// level separator on this broker: <c>a.b</c> and <c>a/b</c> are one routing key, and a subscriber
/// to <c>a/b</c> receives what is published to <c>a.b</c> (delivered as <c>a/b</c>). The checks
/// follow the broker: routing keys are read back as MQTT topics, and granted filters are read as
/// the broker routes them (<c>.</c> as <c>/</c>), so a grant covers exactly what the broker would
/// deliver for it.
/// </summary>
internal static class RabbitMqTopics
{
    public static string FromRoutingKey(string routingKey) => routingKey.Replace('.', '/').Replace('*', '+');

    public static string GrantedAsRouted(string filter) => filter.Replace('.', '/');
}
