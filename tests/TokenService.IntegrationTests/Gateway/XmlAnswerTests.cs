using System.Net;
using TokenService.IntegrationTests.Infrastructure;

namespace TokenService.IntegrationTests.Gateway;

/// <summary>
/// Found by the generated suite (FUZZ_SEED=987654, case 137): an error message that quotes a
/// control character could not be written as XML, and the call got an empty 500. XML 1.0 cannot
/// carry such characters, so they are answered as U+FFFD in a well-formed error body.
/// </summary>
[Collection(SharedStore.Name)]
public sealed class XmlAnswerTests(StoreFixture store, SharedServices shared)
    : SharedServiceTestBase(store, shared), IClassFixture<SharedServices>
{
    [Fact]
    public async Task AnXmlErrorQuotingAControlCharacterIsAWellFormedErrorBody()
    {
        var service = await ServiceAsync();
        var tenant = await NewTenantAsync();
        var client = ClientFor(service, tenant);
        var parameters = client.Parameters("QueryToken", new Dictionary<string, string> { ["Token"] = "t", ["InstanceId"] = tenant.InstanceId });
        parameters["Format"] = "XML";
        parameters["SignatureMethod"] = "HMAC\u0016SHA1";

        var answer = await client.SendAsync("GET", client.Sign("GET", parameters));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var error = System.Xml.Linq.XDocument.Parse(answer.Body).Root!;
        Assert.Equal("Error", error.Name.LocalName);
        Assert.Equal("InvalidSignatureMethod", error.Element("Code")!.Value);
        Assert.Equal(answer.Headers["x-acs-request-id"], error.Element("RequestId")!.Value);
        Assert.DoesNotContain('\u0016', error.Element("Message")!.Value);
    }
}
