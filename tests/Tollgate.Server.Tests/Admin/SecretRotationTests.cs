using System.Net;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Admin;

/// <summary>Zero-downtime secret rotation through /admin/clients/{id}/secrets, with a fake clock.</summary>
public sealed class SecretRotationTests(InProcessHost host) : IClassFixture<InProcessHost>
{
    private async Task<HttpStatusCode> TokenStatusAsync(string id, string secret)
        => (await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials" }))).StatusCode;

    private async Task<(string Id, string Secret)> ClientWithGrantAsync()
    {
        var audience = await host.CreateApiAsync();
        var client = await host.CreateClientAsync();
        await host.GrantAsync(client.Id, audience, "read:contacts");
        return client;
    }

    [Fact]
    public async Task NewSecret_OverlapsWithOldUntilItsExpiry_ThenOnlyNewWorks()
    {
        var (id, oldSecret) = await ClientWithGrantAsync();
        var expireAt = host.Time.GetUtcNow().AddMinutes(10);
        var added = await host.AdminOkAsync(HttpMethod.Post, $"/admin/clients/{id}/secrets", new { expire_others_at = expireAt });
        var newSecret = added.Str("client_secret");
        Assert.StartsWith("tgcs_", newSecret);

        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, oldSecret));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, newSecret));

        var listed = await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}/secrets");
        var items = listed["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(2, items.Count);
        Assert.DoesNotContain("client_secret", listed.ToJsonString());
        Assert.DoesNotContain("tgs1", listed.ToJsonString());
        Assert.Contains(items, i => i["expires_at"] is not null);

        host.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(id, oldSecret));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, newSecret));
    }

    [Fact]
    public async Task DeleteSecret_StopsItAtOnce_ButTheOnlyLiveSecretCannotGo()
    {
        var (id, oldSecret) = await ClientWithGrantAsync();
        var oldId = (await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}/secrets"))["items"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Conflict, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{id}/secrets/{oldId}")).StatusCode);

        var newSecret = (await host.AdminOkAsync(HttpMethod.Post, $"/admin/clients/{id}/secrets", new { })).Str("client_secret");
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{id}/secrets/{oldId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(id, oldSecret));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, newSecret));
    }

    [Fact]
    public async Task Secrets_AtMostThreeLive_AndBadInputChangesNothing()
    {
        var (id, _) = await ClientWithGrantAsync();
        await host.AdminOkAsync(HttpMethod.Post, $"/admin/clients/{id}/secrets", new { });
        await host.AdminOkAsync(HttpMethod.Post, $"/admin/clients/{id}/secrets", new { });
        Assert.Equal(HttpStatusCode.Conflict, (await host.AdminAsync(HttpMethod.Post, $"/admin/clients/{id}/secrets", new { })).StatusCode);

        var past = await host.AdminAsync(HttpMethod.Post, $"/admin/clients/{id}/secrets", new { expires_at = host.Time.GetUtcNow().AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("expires_at", await past.Content.ReadAsStringAsync());
        Assert.Equal(3, (await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}/secrets"))["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.NotFound, (await host.AdminAsync(HttpMethod.Get, "/admin/clients/nobody/secrets")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{id}/secrets/sec_nope")).StatusCode);
    }

    [Fact]
    public async Task SecretWithOwnExpiry_StopsWorkingByItself()
    {
        var (id, _) = await ClientWithGrantAsync();
        var shortLived = (await host.AdminOkAsync(HttpMethod.Post, $"/admin/clients/{id}/secrets",
            new { expires_at = host.Time.GetUtcNow().AddMinutes(5) })).Str("client_secret");
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(id, shortLived));
        host.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(id, shortLived));
    }
}
