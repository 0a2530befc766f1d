using System.Net;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.ScenarioFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>Admin changes reach the running gateway on the next call: nothing restarts.</summary>
[Collection(ScenarioCollection.Name)]
public sealed class LiveChangeTests(ScenarioFixture scenario)
{
    private HttpClient Gateway => scenario.Gateway.Http;

    [Fact]
    public async Task Read_RevokedJwt_UnauthorizedOnNextCall()
    {
        var token = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);
        var before = await Gateway.GetAsync("/contacts", token);

        await scenario.Admin.RevokeAsync(scenario.Reader, token);
        var after = await Gateway.GetAsync("/contacts", token);

        Assert.True(before.Status == HttpStatusCode.OK, before.ToString());
        Assert.True(after.Status == HttpStatusCode.Unauthorized, after.ToString());
        Assert.Equal("revoked", after.Str("error_description"));
    }

    [Fact]
    public async Task Read_RevokedOpaqueToken_UnauthorizedOnNextCall()
    {
        var token = await scenario.Admin.AccessTokenAsync(scenario.Writer, OpaqueApi);
        var before = await scenario.OpaqueGateway.Http.GetAsync("/contacts", token);

        await scenario.Admin.RevokeAsync(scenario.Writer, token);
        var after = await scenario.OpaqueGateway.Http.GetAsync("/contacts", token);

        Assert.StartsWith("tgat_", token);
        Assert.True(before.Status == HttpStatusCode.OK, before.ToString());
        Assert.True(after.Status == HttpStatusCode.Unauthorized, after.ToString());
        Assert.Equal("invalid_token", after.Str("error"));
    }

    [Fact]
    public async Task Create_GrantWidenedFromReadToWrite_NextNewTokenMayWrite()
    {
        var readOnly = await scenario.Admin.AccessTokenAsync(scenario.Promoted, ContactsApi);
        var refused = await Gateway.PostAsync("/contacts", readOnly, """{"name":"Before promotion"}""");

        await scenario.Admin.PatchGrantAsync(scenario.PromotedGrantId, "read:contacts", "write:contacts");
        var widened = await scenario.Admin.AccessTokenAsync(scenario.Promoted, ContactsApi);
        var created = await Gateway.PostAsync("/contacts", widened, """{"name":"After promotion"}""");

        Assert.True(refused.Status == HttpStatusCode.Forbidden, refused.ToString());
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(scenario.Promoted.ClientId, created.Str("created_by"));
        Assert.Equal("read:contacts write:contacts", TollgateAdmin.Claims(widened)["scope"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_RouteRuleTightened_GatewayAppliesItOnNextCall()
    {
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);
        var id = (await Gateway.PostAsync("/contacts", writer, """{"name":"Behind a tighter rule"}""")).Body!["id"]!.GetValue<long>();
        var reader = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);
        var before = await Gateway.GetAsync($"/contacts/{id}", reader);

        try
        {
            await scenario.Admin.PutRoutesAsync(ContactsApi, Rules.Replace(
                """{"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]}""",
                """{"route":"GET /contacts/{id}","scopes":["write:contacts"]}""", StringComparison.Ordinal));
            var tightened = await Gateway.GetAsync($"/contacts/{id}", reader);
            var writerStill = await Gateway.GetAsync($"/contacts/{id}", writer);
            var listStill = await Gateway.GetAsync("/contacts", reader);

            Assert.True(before.Status == HttpStatusCode.OK, before.ToString());
            Assert.True(tightened.Status == HttpStatusCode.Forbidden, tightened.ToString());
            Assert.Equal("write:contacts", tightened.Str("scope"));
            Assert.True(writerStill.Status == HttpStatusCode.OK, writerStill.ToString());
            Assert.True(listStill.Status == HttpStatusCode.OK, listStill.ToString());
        }
        finally
        {
            await scenario.Admin.PutRoutesAsync(ContactsApi, Rules);
        }
        var restored = await Gateway.GetAsync($"/contacts/{id}", reader);
        Assert.True(restored.Status == HttpStatusCode.OK, restored.ToString());
    }
}
