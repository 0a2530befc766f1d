using System.Net;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.ScenarioFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// The read service and the write service through nginx, decided by the real Tollgate, and against
/// the sample protecting itself with Tollgate.AspNetCore (each test once per <see cref="ApiTarget"/>).
/// </summary>
[Collection(ScenarioCollection.Name)]
public sealed class AccessMatrixTests(ScenarioFixture scenario)
{
    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Read_ReadService_ListsAndGetsContacts(string target)
    {
        var api = scenario.Target(target);
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);
        var id = (await api.Jwt.PostAsync("/contacts", writer, """{"name":"Grace Hopper"}""")).Body!["id"]!.GetValue<long>();
        var reader = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);

        var list = await api.Jwt.GetAsync("/contacts?limit=100", reader);
        var one = await api.Jwt.GetAsync($"/contacts/{id}", reader);

        Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
        Assert.Contains(list.Body!["items"]!.AsArray(), c => c!["id"]!.GetValue<long>() == id);
        Assert.True(one.Status == HttpStatusCode.OK, one.ToString());
        Assert.Equal("Grace Hopper", one.Str("name"));
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Write_ReadService_ForbiddenWithScopeChallengeAndNothingChanges(string target)
    {
        var api = scenario.Target(target);
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);
        var id = (await api.Jwt.PostAsync("/contacts", writer, """{"name":"Kept"}""")).Body!["id"]!.GetValue<long>();
        var reader = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);

        var create = await api.Jwt.PostAsync("/contacts", reader, """{"name":"Not allowed"}""");
        var update = await api.Jwt.CallAsync(HttpMethod.Put, $"/contacts/{id}", reader, """{"name":"Changed"}""");
        var delete = await api.Jwt.CallAsync(HttpMethod.Delete, $"/contacts/{id}", reader);

        foreach (var refused in new[] { create, update, delete })
        {
            Assert.True(refused.Status == HttpStatusCode.Forbidden, refused.ToString());
            Assert.Equal("application/json", refused.MediaType);
            Assert.Equal("insufficient_scope", refused.Str("error"));
            Assert.Equal("write:contacts", refused.Str("scope"));
            Assert.Contains(refused.Challenges, c => c.Contains("error=\"insufficient_scope\"") && c.Contains("scope=\"write:contacts\""));
        }
        var after = await api.Jwt.GetAsync($"/contacts/{id}", reader);
        Assert.Equal("Kept", after.Str("name"));
        var all = await api.Jwt.GetAsync("/contacts?limit=100", reader);
        Assert.DoesNotContain(all.Body!["items"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "Not allowed");
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Write_WriteService_CreatesUpdatesAndDeletesAsItsClientId(string target)
    {
        var api = scenario.Target(target);
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);

        var created = await api.Jwt.PostAsync("/contacts", writer, """{"name":"Ada Lovelace","email":"ada@example.com"}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(scenario.Writer.ClientId, created.Str("created_by"));
        var id = created.Body!["id"]!.GetValue<long>();

        var updated = await api.Jwt.CallAsync(HttpMethod.Put, $"/contacts/{id}", writer, """{"name":"Ada King","email":"ada@example.com"}""");
        Assert.True(updated.Status == HttpStatusCode.OK, updated.ToString());
        Assert.Equal("Ada King", (await api.Jwt.GetAsync($"/contacts/{id}", writer)).Str("name"));

        var deleted = await api.Jwt.CallAsync(HttpMethod.Delete, $"/contacts/{id}", writer);
        Assert.True(deleted.Status == HttpStatusCode.NoContent, deleted.ToString());
        var gone = await api.Jwt.GetAsync($"/contacts/{id}", writer);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Write_CallerSendsItsOwnIdentityHeaders_CreatorIsStillTheTokenClient(string target)
    {
        var api = scenario.Target(target);
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);

        var created = await api.Jwt.CallAsync(HttpMethod.Post, "/contacts", writer, """{"name":"Not spoofed"}""",
            new Dictionary<string, string> { ["X-Client-Id"] = "spoofed-by-caller", ["X-Scopes"] = "admin" });
        var anonymous = await api.Jwt.CallAsync(HttpMethod.Post, "/contacts", token: null, """{"name":"Spoofed"}""",
            new Dictionary<string, string> { ["X-Client-Id"] = scenario.Writer.ClientId, ["X-Scopes"] = "write:contacts" });

        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(scenario.Writer.ClientId, created.Str("created_by"));
        Assert.True(anonymous.Status == HttpStatusCode.Unauthorized, anonymous.ToString());
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Write_ReadServiceSendsForwardAuthHeadersClaimingAGet_StillForbidden(string target)
    {
        // Tollgate reads the original method and URI from these headers: the gateway sets them, never the caller.
        var api = scenario.Target(target);
        var reader = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);

        var create = await api.Jwt.CallAsync(HttpMethod.Post, "/contacts", reader, """{"name":"Smuggled"}""", new Dictionary<string, string>
        {
            ["X-Original-Method"] = "GET", ["X-Original-URI"] = "/contacts", ["X-Forwarded-Method"] = "GET", ["X-Forwarded-Uri"] = "/contacts",
        });

        Assert.True(create.Status == HttpStatusCode.Forbidden, create.ToString());
        Assert.Equal("write:contacts", create.Str("scope"));
    }

    [Theory, MemberData(nameof(ApiTarget.All), MemberType = typeof(ApiTarget))]
    public async Task Write_OpaqueTokenOfWriteService_ReachesApiAsItsClientId(string target)
    {
        var api = scenario.Target(target);
        var opaque = await scenario.Admin.AccessTokenAsync(scenario.Writer, OpaqueApi);

        var created = await api.Opaque.PostAsync("/contacts", opaque, """{"name":"Opaque Writer"}""");

        Assert.StartsWith("tgat_", opaque);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(scenario.Writer.ClientId, created.Str("created_by"));
    }
}
