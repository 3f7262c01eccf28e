using TokenService.Ledger;

namespace TokenService.Tests.Ledger;

public class SlotHintsTests
{
    private const string Account = "acct-1";
    private const string Action = "RevokeToken";
    private const long Second = 1_700_000_000;

    [Fact]
    public void PickNeverReturnsATakenSlot()
    {
        var hints = new SlotHints();
        hints.MarkTaken(Account, Action, Second, [0, 2, 3, 5, 6, 7, 9]);

        var picks = Enumerable.Range(0, 2_000).Select(_ => hints.Pick(Account, Action, Second, 10)).ToHashSet();

        Assert.Subset(new HashSet<int> { 1, 4, 8 }, picks);
    }

    [Fact]
    public void PickFindsTheLastFreeSlotBeyondTheRandomProbes()
    {
        var hints = new SlotHints();
        hints.MarkTaken(Account, Action, Second, Enumerable.Range(0, 1_000).Where(s => s != 777));

        Assert.Equal(777, hints.Pick(Account, Action, Second, 1_000));
    }

    [Fact]
    public void PickReturnsMinusOneWhenEverySlotIsTaken()
    {
        var hints = new SlotHints();
        hints.MarkTaken(Account, Action, Second, [0, 1, 2, 3, 4]);

        Assert.Equal(-1, hints.Pick(Account, Action, Second, 5));
    }

    [Fact]
    public void ZeroLimitAdmitsNothing()
    {
        Assert.Equal(-1, new SlotHints().Pick(Account, Action, Second, 0));
    }

    [Fact]
    public void PickReturnsEverySlotEventuallyWhenNoneIsKnownTaken()
    {
        var hints = new SlotHints();

        var picks = Enumerable.Range(0, 2_000).Select(_ => hints.Pick(Account, Action, Second, 5)).ToHashSet();

        Assert.Equal([0, 1, 2, 3, 4], picks.Order());
    }

    [Fact]
    public void ANewSecondStartsWithNoSlotKnownTaken()
    {
        var hints = new SlotHints();
        hints.MarkTaken(Account, Action, Second, [0, 1, 2, 3, 4]);

        Assert.InRange(hints.Pick(Account, Action, Second + 1, 5), 0, 4);
    }

    [Fact]
    public void AccountsAndActionsHaveTheirOwnSlots()
    {
        var hints = new SlotHints();
        hints.MarkTaken(Account, Action, Second, [0, 1, 2, 3, 4]);

        Assert.InRange(hints.Pick("acct-2", Action, Second, 5), 0, 4);
        Assert.InRange(hints.Pick(Account, "QueryToken", Second, 5), 0, 4);
    }

    [Fact]
    public void ALateCallOfThePreviousSecondNeitherSeesNorSpoilsTheCurrentSecond()
    {
        // A call that read the clock just before the turn of the second works on after another
        // call opened the next second's window.
        var hints = new SlotHints();
        hints.MarkTaken(Account, Action, Second + 1, [0, 1, 2, 3, 4]);

        // The next second being full says nothing about the previous one...
        Assert.InRange(hints.Pick(Account, Action, Second, 5), 0, 4);

        // ...and what the late call learns about its own second must not fill the next one.
        var fresh = new SlotHints();
        fresh.Pick(Account, Action, Second + 1, 5);
        fresh.MarkTaken(Account, Action, Second, [0, 1, 2, 3, 4]);
        Assert.InRange(fresh.Pick(Account, Action, Second + 1, 5), 0, 4);
    }

    [Fact]
    public void ALateCallDoesNotTurnTheWindowBack()
    {
        var hints = new SlotHints();
        hints.MarkTaken(Account, Action, Second + 1, [0, 1, 2, 3]);

        hints.Pick(Account, Action, Second, 5);

        Assert.Equal(4, hints.Pick(Account, Action, Second + 1, 5));
    }
}
