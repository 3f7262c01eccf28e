using TokenService.Tokens;

namespace TokenService.Tests.Tokens;

public class TopicFiltersTests
{
    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("+/x")]
    [InlineData("a/+/b")]
    [InlineData("a/#")]
    [InlineData("a/b/c")]
    [InlineData("/a")]
    [InlineData("a//b")]
    [InlineData("$SYS/broker")]
    [InlineData("with space/ok")]
    [InlineData("温度/+")]
    [InlineData("emoji/😀")]
    public void AcceptsLegalFilters(string filter)
    {
        var result = TopicFilters.Parse(filter);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal([filter], result.Filters);
    }

    [Theory]
    [InlineData("a/#/b", "'#'")]
    [InlineData("a#", "'#'")]
    [InlineData("#/a", "'#'")]
    [InlineData("a/b#", "'#'")]
    [InlineData("a/b+", "'+'")]
    [InlineData("+a", "'+'")]
    [InlineData("a/++/b", "'+'")]
    [InlineData("a/\u0000", "control")]
    [InlineData("a/\u001f", "control")]
    [InlineData("a/\u007f", "control")]
    [InlineData("a/\u0085", "control")]
    public void RejectsIllegalFilters(string filter, string reason)
    {
        var result = TopicFilters.Parse(filter);

        Assert.False(result.IsValid);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Filters);
    }

    [Fact]
    public void RejectsUnpairedSurrogates()
    {
        // Built at run time: attribute metadata cannot carry an unpaired surrogate.
        foreach (var filter in new[] { "a/" + (char)0xD800, "a/" + (char)0xDC00 + "x", (char)0xD83D + "/a" })
        {
            Assert.Contains("Unicode", TopicFilters.Parse(filter).Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(",")]
    [InlineData("a,,b")]
    [InlineData("a,")]
    [InlineData(",a")]
    public void RejectsEmptyListsAndEmptyFilters(string? resources)
    {
        Assert.False(TopicFilters.Parse(resources).IsValid);
    }

    [Fact]
    public void FiltersMayHaveSixtyFourCharactersButNotSixtyFive()
    {
        Assert.True(TopicFilters.Parse(new string('a', 64)).IsValid);
        Assert.True(TopicFilters.Parse("a/" + new string('b', 60) + "/#").IsValid);
        Assert.False(TopicFilters.Parse(new string('a', 65)).IsValid);
        Assert.Contains("64", TopicFilters.Parse("ok," + new string('a', 65)).Error, StringComparison.Ordinal);
        Assert.Contains("Resource 2", TopicFilters.Parse("ok," + new string('a', 65)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void OneHundredDistinctFiltersAreAllowedButNotOneHundredAndOne()
    {
        var hundred = string.Join(',', Enumerable.Range(0, 100).Select(i => $"t/{i}"));

        Assert.Equal(100, TopicFilters.Parse(hundred).Filters.Count);
        Assert.Contains("100", TopicFilters.Parse(hundred + ",t/100").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicatesCollapseAndDoNotCountTowardsTheLimit()
    {
        var hundredDistinct = Enumerable.Range(0, 100).Select(i => $"t/{i}");
        var withRepeats = string.Join(',', hundredDistinct.Concat(hundredDistinct));

        var result = TopicFilters.Parse(withRepeats);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(100, result.Filters.Count);
        Assert.Equal(["a"], TopicFilters.Parse("a,a,a").Filters);
    }

    [Fact]
    public void FiltersAreSortedOrdinal()
    {
        Assert.Equal(["A", "a/#", "a/b", "b", "é"], TopicFilters.Parse("é,b,a/b,A,a/#").Filters);
    }

    [Fact]
    public void NothingIsTrimmed()
    {
        Assert.Equal([" b", "a"], TopicFilters.Parse("a, b").Filters);
    }

    [Fact]
    public void RequestsMayBeLongerThanAGrant()
    {
        Assert.True(TopicFilters.IsValidRequest("a/" + new string('b', 200)));
        Assert.False(TopicFilters.IsValidFilter("a/" + new string('b', 200)));
        Assert.False(TopicFilters.IsValidRequest(""));
        Assert.False(TopicFilters.IsValidRequest("a/#/b"));
    }
}
