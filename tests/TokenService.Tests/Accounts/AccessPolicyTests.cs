using TokenService.Accounts;

namespace TokenService.Tests.Accounts;

public sealed class AccessPolicyTests
{
    [Fact]
    public void DefaultPolicyAllowsEveryActionOnEveryInstance()
    {
        var policy = AccessPolicy.Parse(null, null, out var error);

        Assert.Null(error);
        Assert.True(policy.Allows("RevokeToken", "any-instance"));
        Assert.True(policy.Allows("ApplyToken", "other"));
    }

    [Fact]
    public void ActionListLimitsActions()
    {
        var policy = AccessPolicy.Parse("mq:QueryToken", "*", out _);

        Assert.True(policy.Allows("QueryToken", "i1"));
        Assert.False(policy.Allows("RevokeToken", "i1"));
    }

    [Fact]
    public void InstanceListLimitsInstances()
    {
        var policy = AccessPolicy.Parse("mq:*", "i1, i2", out _);

        Assert.True(policy.Allows("RevokeToken", "i2"));
        Assert.False(policy.Allows("RevokeToken", "i3"));
    }

    [Fact]
    public void UnknownActionIsReported()
    {
        AccessPolicy.Parse("mq:RevokeToken,mq:DeleteEverything", null, out var error);

        Assert.Contains("mq:DeleteEverything", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NarrowingNeverExceedsTheParent()
    {
        var parent = AccessPolicy.Parse("mq:QueryToken,mq:RevokeToken", "i1,i2", out _);
        var asked = AccessPolicy.Parse("mq:*", "i2,i3", out _);

        var effective = parent.Intersect(asked);

        Assert.True(effective.Allows("RevokeToken", "i2"));
        Assert.False(effective.Allows("ApplyToken", "i2"));
        Assert.False(effective.Allows("RevokeToken", "i3"));
        Assert.False(effective.Allows("RevokeToken", "i1"));
    }

    [Fact]
    public void DisjointNarrowingAllowsNothing()
    {
        var parent = AccessPolicy.Parse("mq:QueryToken", null, out _);
        var asked = AccessPolicy.Parse("mq:RevokeToken", null, out _);

        var effective = parent.Intersect(asked);

        Assert.False(effective.Allows("RevokeToken", "i"));
        Assert.False(effective.Allows("QueryToken", "i"));
    }
}
