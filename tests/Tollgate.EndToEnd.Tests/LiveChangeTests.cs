using System.Net;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.ScenarioFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Admin changes reach the running gateway on the next call, and the self-protecting API within its
/// feed and rules interval: nothing restarts.
/// </summary>
[Collection(ScenarioCollection.Name)]
public sealed class LiveChangeTests(ScenarioFixture scenario)
{
    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_RevokedJwt_UnauthorizedOnNextCall(string target)
    {
        var api = scenario.Target(target);
        var token = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);
        var before = await api.Jwt.GetAsync("/contacts", token);

        await scenario.Admin.RevokeAsync(scenario.Reader, token);
        var after = await api.AfterChangeAsync(h => h.GetAsync("/contacts", token), a => a.Status != HttpStatusCode.OK);

        Assert.True(before.Status == HttpStatusCode.OK, before.ToString());
        Assert.True(after.Status == HttpStatusCode.Unauthorized, after.ToString());
        Assert.Equal("revoked", after.Str("error_description"));
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_RevokedOpaqueToken_UnauthorizedOnNextCall(string target)
    {
        var api = scenario.Target(target);
        var token = await scenario.Admin.AccessTokenAsync(scenario.Writer, OpaqueApi);
        var before = await api.Opaque.GetAsync("/contacts", token);

        await scenario.Admin.RevokeAsync(scenario.Writer, token);
        var after = await api.AfterChangeAsync(h => h.GetAsync("/contacts", token), a => a.Status != HttpStatusCode.OK, api.Opaque);

        Assert.StartsWith("tgat_", token);
        Assert.True(before.Status == HttpStatusCode.OK, before.ToString());
        Assert.True(after.Status == HttpStatusCode.Unauthorized, after.ToString());
        Assert.Equal("invalid_token", after.Str("error"));
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Create_GrantWidenedFromReadToWrite_NextNewTokenMayWrite(string target)
    {
        var api = scenario.Target(target);
        var (promoted, grantId) = scenario.Promoted[target];
        var readOnly = await scenario.Admin.AccessTokenAsync(promoted, ContactsApi);
        var refused = await api.Jwt.PostAsync("/contacts", readOnly, """{"name":"Before promotion"}""");

        await scenario.Admin.PatchGrantAsync(grantId, "read:contacts", "write:contacts");
        var widened = await scenario.Admin.AccessTokenAsync(promoted, ContactsApi);
        var created = await api.Jwt.PostAsync("/contacts", widened, """{"name":"After promotion"}""");

        Assert.True(refused.Status == HttpStatusCode.Forbidden, refused.ToString());
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(promoted.ClientId, created.Str("created_by"));
        Assert.Equal("read:contacts write:contacts", TollgateAdmin.Claims(widened)["scope"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_RouteRuleTightened_AppliedOnNextCallOrWithinInterval(string target)
    {
        var api = scenario.Target(target);
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);
        var id = (await api.Jwt.PostAsync("/contacts", writer, """{"name":"Behind a tighter rule"}""")).Body!["id"]!.GetValue<long>();
        var reader = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);
        var before = await api.Jwt.GetAsync($"/contacts/{id}", reader);

        try
        {
            await scenario.Admin.PutRoutesAsync(ContactsApi, Rules.Replace(
                """{"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]}""",
                """{"route":"GET /contacts/{id}","scopes":["write:contacts"]}""", StringComparison.Ordinal));
            var tightened = await api.AfterChangeAsync(h => h.GetAsync($"/contacts/{id}", reader), a => a.Status != HttpStatusCode.OK);
            var writerStill = await api.Jwt.GetAsync($"/contacts/{id}", writer);
            var listStill = await api.Jwt.GetAsync("/contacts", reader);

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
        var restored = await api.AfterChangeAsync(h => h.GetAsync($"/contacts/{id}", reader), a => a.Status == HttpStatusCode.OK);
        Assert.True(restored.Status == HttpStatusCode.OK, restored.ToString());
    }
}
