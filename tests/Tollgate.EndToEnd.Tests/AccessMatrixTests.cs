using System.Net;
using Tollgate.EndToEnd.Tests.Infrastructure;
using static Tollgate.EndToEnd.Tests.Infrastructure.ScenarioFixture;

namespace Tollgate.EndToEnd.Tests;

/// <summary>The read service and the write service through nginx, decided by the real Tollgate.</summary>
[Collection(ScenarioCollection.Name)]
public sealed class AccessMatrixTests(ScenarioFixture scenario)
{
    private HttpClient Gateway => scenario.Gateway.Http;

    [Fact]
    public async Task Read_ReadService_ListsAndGetsContacts()
    {
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);
        var id = (await Gateway.PostAsync("/contacts", writer, """{"name":"Grace Hopper"}""")).Body!["id"]!.GetValue<long>();
        var reader = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);

        var list = await Gateway.GetAsync("/contacts?limit=100", reader);
        var one = await Gateway.GetAsync($"/contacts/{id}", reader);

        Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
        Assert.Contains(list.Body!["items"]!.AsArray(), c => c!["id"]!.GetValue<long>() == id);
        Assert.True(one.Status == HttpStatusCode.OK, one.ToString());
        Assert.Equal("Grace Hopper", one.Str("name"));
    }

    [Fact]
    public async Task Write_ReadService_ForbiddenWithScopeChallengeAndNothingChanges()
    {
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);
        var id = (await Gateway.PostAsync("/contacts", writer, """{"name":"Kept"}""")).Body!["id"]!.GetValue<long>();
        var reader = await scenario.Admin.AccessTokenAsync(scenario.Reader, ContactsApi);

        var create = await Gateway.PostAsync("/contacts", reader, """{"name":"Not allowed"}""");
        var update = await Gateway.CallAsync(HttpMethod.Put, $"/contacts/{id}", reader, """{"name":"Changed"}""");
        var delete = await Gateway.CallAsync(HttpMethod.Delete, $"/contacts/{id}", reader);

        foreach (var refused in new[] { create, update, delete })
        {
            Assert.True(refused.Status == HttpStatusCode.Forbidden, refused.ToString());
            Assert.Equal("application/json", refused.MediaType);
            Assert.Equal("insufficient_scope", refused.Str("error"));
            Assert.Equal("write:contacts", refused.Str("scope"));
            Assert.Contains(refused.Challenges, c => c.Contains("error=\"insufficient_scope\"") && c.Contains("scope=\"write:contacts\""));
        }
        var after = await Gateway.GetAsync($"/contacts/{id}", reader);
        Assert.Equal("Kept", after.Str("name"));
        var all = await Gateway.GetAsync("/contacts?limit=100", reader);
        Assert.DoesNotContain(all.Body!["items"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "Not allowed");
    }

    [Fact]
    public async Task Write_WriteService_CreatesUpdatesAndDeletesAsItsClientId()
    {
        var writer = await scenario.Admin.AccessTokenAsync(scenario.Writer, ContactsApi);

        var created = await Gateway.PostAsync("/contacts", writer, """{"name":"Ada Lovelace","email":"ada@example.com"}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(scenario.Writer.ClientId, created.Str("created_by"));
        var id = created.Body!["id"]!.GetValue<long>();

        var updated = await Gateway.CallAsync(HttpMethod.Put, $"/contacts/{id}", writer, """{"name":"Ada King","email":"ada@example.com"}""");
        Assert.True(updated.Status == HttpStatusCode.OK, updated.ToString());
        Assert.Equal("Ada King", (await Gateway.GetAsync($"/contacts/{id}", writer)).Str("name"));

        var deleted = await Gateway.CallAsync(HttpMethod.Delete, $"/contacts/{id}", writer);
        Assert.True(deleted.Status == HttpStatusCode.NoContent, deleted.ToString());
        var gone = await Gateway.GetAsync($"/contacts/{id}", writer);
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async Task Write_OpaqueTokenOfWriteService_ReachesApiAsItsClientId()
    {
        var opaque = await scenario.Admin.AccessTokenAsync(scenario.Writer, OpaqueApi);

        var created = await scenario.OpaqueGateway.Http.PostAsync("/contacts", opaque, """{"name":"Opaque Writer"}""");

        Assert.StartsWith("tgat_", opaque);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal(scenario.Writer.ClientId, created.Str("created_by"));
    }
}
