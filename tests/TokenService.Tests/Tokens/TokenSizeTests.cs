using TokenService.Tokens;
using Xunit.Abstractions;

namespace TokenService.Tests.Tokens;

/// <summary>Documents token sizes; the numbers printed here are the ones in the README.</summary>
public class TokenSizeTests(ITestOutputHelper output)
{
    private readonly TokenCodec _codec = TokenTestKeys.Codec("2025-06", ("2025-06", TokenTestKeys.NewKey()));

    /// <summary>100 devices with random 12-hex-digit ids, each granted one of four topic shapes.</summary>
    public static string[] RealisticResources()
    {
        var random = new Random(42);
        string[] shapes = ["telemetry/+", "commands/#", "state", "events/+/ack"];
        return [.. Enumerable.Range(0, 100).Select(i => $"devices/{random.Next():x8}{random.Next(0x10000):x4}/{shapes[i % 4]}")];
    }

    /// <summary>64 random characters from A-Z a-z 0-9 each: nothing to share, nothing to compress.</summary>
    public static string[] RandomResources(int count)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(_ => new string([.. Enumerable.Range(0, 64).Select(_ => alphabet[random.Next(alphabet.Length)])]))];
    }

    [Fact]
    public void OneResourceMakesAShortToken()
    {
        var issue = Issue(["devices/0a1b2c3d4e5f/telemetry/+"]);

        output.WriteLine($"1 resource: {issue.Length} characters");
        Assert.True(issue.Succeeded);
        Assert.True(issue.Length < 300);
    }

    [Fact]
    public void OneHundredRealisticResourcesFit()
    {
        var issue = Issue(RealisticResources());

        output.WriteLine($"100 realistic resources: {issue.Length} characters");
        Assert.True(issue.Succeeded, issue.Error);
        Assert.True(issue.Length <= TokenCodec.MaxTokenLength);
    }

    [Fact]
    public void OneHundredRandomSixtyFourCharacterResourcesDoNotFitAndSaySo()
    {
        var issue = Issue(RandomResources(100));

        output.WriteLine($"100 random 64-character resources: would be {issue.Length} characters");
        Assert.False(issue.Succeeded);
        Assert.Null(issue.Token);
        Assert.Contains("4096", issue.Error, StringComparison.Ordinal);

        var fitting = Enumerable.Range(1, 100).Last(n => Issue(RandomResources(n)).Succeeded);
        output.WriteLine($"random 64-character resources that fit: {fitting}");
        Assert.InRange(fitting, 50, 99);
    }

    [Fact]
    public void SixtyFourCharacterResourcesWithASharedShapeFit()
    {
        var resources = Enumerable.Range(0, 100).Select(i => $"tenants/acme/sites/berlin-1/devices/{i:D8}/telemetry/+/reading").ToArray();
        Assert.All(resources, r => Assert.Equal(64, r.Length));

        var issue = Issue(resources);

        output.WriteLine($"100 patterned 64-character resources: {issue.Length} characters");
        Assert.True(issue.Succeeded, issue.Error);
    }

    private TokenIssue Issue(string[] resources) =>
        _codec.Issue("mqtt-cn-0pp1aaaabbb", TokenActions.Read | TokenActions.Write, resources, TokenTestKeys.Now, TokenTestKeys.Now.AddDays(30));
}
