using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenService.Tests.Tokens;

namespace TokenService.Tests.Hosting;

/// <summary>
/// The key rings are validated when a host starts (ValidateOnStart in the core's registration),
/// which is how the function app, a host that serves only through its worker, fails at start
/// with the setting's name in its log instead of answering every call with InternalError.
/// </summary>
public class KeyRingValidationTests
{
    private static readonly string SecretKey = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData("Secrets", "Secrets__Keys__")]
    [InlineData("Tokens", "Tokens__SigningKeys__")]
    public async Task AHostWithoutAKeyRingFailsToStartNamingTheSetting(string missing, string named)
    {
        using var host = Host(Settings().Where(s => !s.Key.StartsWith(missing, StringComparison.Ordinal)));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostWithASecretKeyOfTheWrongLengthFailsToStartNamingThatKey()
    {
        using var host = Host(Settings().Select(s => s.Key == "Secrets:Keys:k1" ? new(s.Key, "c2hvcnQ=") : s));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Secrets__Keys__k1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostWithValidKeyRingsStarts()
    {
        using var host = Host(Settings());

        await host.StartAsync();
        await host.StopAsync();
    }

    private static List<KeyValuePair<string, string?>> Settings() =>
    [
        new("Secrets:CurrentKeyId", "k1"),
        new("Secrets:Keys:k1", SecretKey),
        new("Tokens:CurrentKeyId", "t1"),
        new("Tokens:SigningKeys:t1", TokenTestKeys.NewKey()),
    ];

    private static IHost Host(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTokenService(builder.Configuration);
        return builder.Build();
    }
}
