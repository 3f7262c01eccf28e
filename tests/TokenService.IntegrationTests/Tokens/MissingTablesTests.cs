using Azure.Data.Tables;
using TokenService.IntegrationTests.Infrastructure;
using TokenService.IntegrationTests.Limits;
using TokenService.Storage;

namespace TokenService.IntegrationTests.Tokens;

/// <summary>
/// The request path does not create tables (the deployment and tokenctl do). A store without them
/// must still get the documented answers: no tables means no keys, and a missing Ledger is created
/// by the first commit that needs it, without losing the call.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class MissingTablesTests(StoreFixture store) : ServiceTestBase(store)
{
    [Fact]
    public async Task AStoreWithoutTablesAnswersThatTheKeyIsNotFoundAndCreatesNothing()
    {
        var service = await StartServiceAsync();
        var client = new SignedClient(HttpFor(service), "LTAI" + Guid.NewGuid().ToString("N")[..16], "secret");

        var answer = await client.RevokeAsync("some-token", "mqtt-cn-none");

        ApiAssert.Error(answer, System.Net.HttpStatusCode.NotFound, "InvalidAccessKeyId.NotFound");
        var names = await TableNamesAsync();
        Assert.Empty(names);
    }

    [Fact]
    public async Task ADeletedLedgerIsCreatedByTheNextCommitAndTheCallsSucceedWithTheirRecords()
    {
        var tenant = await NewTenantAsync();
        var service = await StartServiceAsync();
        var client = ClientFor(service, tenant);
        var applied = await client.ApplyAsync(tenant.InstanceId);
        var token = applied.Field("Token")!;
        await Get<TableSet>().Ledger.DeleteAsync();
        Assert.DoesNotContain(Settings.TablePrefix + "Ledger", await TableNamesAsync());

        var queried = await client.QueryAsync(token, tenant.InstanceId);
        var revoked = await client.RevokeAsync(token, tenant.InstanceId);
        var queriedAgain = await client.QueryAsync(token, tenant.InstanceId);

        ApiAssert.TokenStatus(queried, true);
        ApiAssert.Success(revoked);
        ApiAssert.TokenStatus(queriedAgain, false);
        Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
        // The Ledger was recreated empty: the three calls after the deletion are metered, each once.
        var metered = (await Services.UsageAsync(tenant.AccountId)).Select(u => u.RequestId).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { queried.RequestId, revoked.RequestId, queriedAgain.RequestId }.Order(StringComparer.Ordinal), metered);
    }

    [Fact]
    public async Task ALedgerDeletedAgainUnderTheSameProcessIsCreatedAgain()
    {
        var tenant = await NewTenantAsync();
        var client = ClientFor(await StartServiceAsync(), tenant);
        var answers = new List<ApiResponse>();

        for (var round = 0; round < 2; round++)
        {
            await Get<TableSet>().Ledger.DeleteAsync();
            var revoked = await client.RevokeAsync($"token-{round}", tenant.InstanceId);

            ApiAssert.Success(revoked);
            var record = Assert.Single(await Services.RevocationsAsync(tenant.AccountId));
            Assert.Equal(revoked.RequestId, record.RequestId);
            answers.Add(revoked);
        }

        Assert.NotEqual(answers[0].RequestId, answers[1].RequestId);
    }

    private async Task<List<string>> TableNamesAsync()
    {
        var names = new List<string>();
        var service = Get<TableServiceClient>();
        await foreach (var table in service.QueryAsync())
        {
            if (table.Name.StartsWith(Settings.TablePrefix, StringComparison.Ordinal))
            {
                names.Add(table.Name);
            }
        }

        return names;
    }
}
