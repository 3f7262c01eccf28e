namespace TokenService.InfraTests.Infrastructure;

/// <summary>The template deployed with both broker APIs configured (a second snapshot, for the disconnect settings).</summary>
public sealed class BrokerApisInfra() : CompiledInfra("""
    param brokerRabbitMqManagementUrl = 'https://rabbit.example.net:15672'
    param brokerEmqxApiUrl = 'https://emqx.example.net:18083'
    param brokerEmqxApiKey = 'emqx-key-id'
    """);
