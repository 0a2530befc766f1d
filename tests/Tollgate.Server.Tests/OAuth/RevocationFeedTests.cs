using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Core.Revocation;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.OAuth;

/// <summary>The revocation list: automatic and explicit entries, and the incremental feed authorizers pull.</summary>
public sealed class RevocationFeedTests(InProcessHost host) : IClassFixture<InProcessHost>
{
    private async Task<(string Audience, string Id, string Secret, (string Id, string Secret) Gateway)> SetupAsync(params string[] scopes)
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync();
        var grant = await host.GrantAsync(id, audience, scopes.Length > 0 ? scopes : ["read:contacts", "write:contacts"]);
        _ = grant;
        return (audience, id, secret, await host.CreateClientAsync(introspect: true));
    }

    private async Task<HttpResponseMessage> FeedAsync((string Id, string Secret) gateway, string query = "", string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/revocations" + query);
        request.Headers.Authorization = TollgateHost.Basic(gateway.Id, gateway.Secret);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await host.Http.SendAsync(request);
    }

    private async Task<List<JsonObject>> EntriesSinceAsync((string Id, string Secret) gateway, long since)
        => (await (await FeedAsync(gateway, $"?since={since}")).JsonAsync())["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();

    private async Task<bool> ActiveAsync(string token, (string Id, string Secret) gateway)
        => (await host.IntrospectAsync(token, gateway.Id, gateway.Secret))["active"]!.GetValue<bool>();

    private long Version => host.Services.GetRequiredService<RevocationList>().Latest;

    [Fact]
    public async Task NarrowedGrant_RevokesOldTokensWithOldScopes_NewTokensWork_EvenInTheSameSecond()
    {
        var (audience, id, secret, gateway) = await SetupAsync();
        var wide = await host.TokenAsync(id, secret, audience);
        var narrowAlready = await host.TokenAsync(id, secret, audience, "read:contacts");
        var since = Version;
        var grantId = (await host.AdminOkAsync(HttpMethod.Get, $"/admin/grants?client_id={id}"))["items"]![0]!["id"]!.GetValue<string>();

        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/grants/{grantId}", new { scope = new[] { "read:contacts" } });

        Assert.False(await ActiveAsync(wide, gateway));                  // carried write:contacts
        Assert.True(await ActiveAsync(narrowAlready, gateway));          // only read: still within the grant
        var fresh = await host.TokenAsync(id, secret, audience);         // same (fake) second as the narrowing
        Assert.Equal("read:contacts", new JsonWebToken(fresh).GetPayloadValue<string>("scope"));
        Assert.True(await ActiveAsync(fresh, gateway));

        var entry = Assert.Single(await EntriesSinceAsync(gateway, since));
        Assert.Equal("grant", entry.Str("type"));
        Assert.Equal(id, entry.Str("client_id"));
        Assert.Equal(audience, entry.Str("aud"));
        Assert.Equal("read:contacts", entry.Str("scope"));
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeSeconds(), entry["issued_until"]!.GetValue<long>());
    }

    [Fact]
    public async Task RemovedGrantAndDeletedClient_AreListed()
    {
        var (audience, id, secret, gateway) = await SetupAsync();
        var token = await host.TokenAsync(id, secret, audience);
        var since = Version;
        var grantId = (await host.AdminOkAsync(HttpMethod.Get, $"/admin/grants?client_id={id}"))["items"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/grants/{grantId}")).StatusCode);
        Assert.False(await ActiveAsync(token, gateway));
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{id}")).StatusCode);

        var entries = await EntriesSinceAsync(gateway, since);
        Assert.Equal(["grant", "client"], entries.Select(e => e.Str("type")));
        Assert.Equal("", entries[0].Str("scope"));
        Assert.All(entries, e => Assert.Equal(id, e.Str("client_id")));
        Assert.All(entries, e => Assert.True(e["exp"]!.GetValue<long>() > host.Time.GetUtcNow().ToUnixTimeSeconds()));
    }

    [Fact]
    public async Task RevokedJwt_IsListedByJti_WithItsExpiry()
    {
        var (audience, id, secret, gateway) = await SetupAsync();
        var token = new JsonWebToken(await host.TokenAsync(id, secret, audience));
        var since = Version;
        var revoke = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["token"] = token.EncodedToken }, "/oauth2/revoke"));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        var entry = Assert.Single(await EntriesSinceAsync(gateway, since));
        Assert.Equal("token", entry.Str("type"));
        Assert.Equal(token.Id, entry.Str("jti"));
        Assert.Equal(new DateTimeOffset(token.ValidTo).ToUnixTimeSeconds(), entry["exp"]!.GetValue<long>());
    }

    [Fact]
    public async Task AdminRevokeAllOfAClient_RefusesItsTokens_UntilTheNextSecond()
    {
        var (audience, id, secret, gateway) = await SetupAsync();
        var token = await host.TokenAsync(id, secret, audience);
        var created = await host.AdminAsync(HttpMethod.Post, "/admin/revocations", new { type = "client", client_id = id });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False(await ActiveAsync(token, gateway));

        host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await ActiveAsync(await host.TokenAsync(id, secret, audience), gateway));
        Assert.False(await ActiveAsync(token, gateway));
    }

    [Theory]
    [InlineData("{\"type\":\"everything\"}", "type")]
    [InlineData("{\"type\":\"token\"}", "jti")]
    [InlineData("{\"type\":\"token\",\"jti\":\"x\"}", "expires_at")]
    [InlineData("{\"type\":\"client\"}", "client_id")]
    [InlineData("{\"type\":\"grant\",\"client_id\":\"x\"}", "audience")]
    public async Task AdminRevocation_Invalid_Is400AndAddsNothing(string body, string field)
    {
        var before = Version;
        var response = await host.AdminAsync(HttpMethod.Post, "/admin/revocations", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, Version);
    }

    [Fact]
    public async Task Feed_ConditionalPoll_Is304WhenNothingIsNew_AndPagesWithLimit()
    {
        var (_, _, _, gateway) = await SetupAsync();
        for (var i = 0; i < 3; i++)
            await host.AdminOkAsync(HttpMethod.Post, "/admin/revocations", new { type = "token", jti = $"jti-{Guid.NewGuid():N}", expires_at = host.Time.GetUtcNow().AddHours(1) });

        var full = await FeedAsync(gateway);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        var version = (await full.JsonAsync())["version"]!.GetValue<long>();
        Assert.Equal($"\"{version}\"", full.Headers.ETag!.Tag);

        var unchanged = await FeedAsync(gateway, $"?since={version}", $"\"{version}\"");
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);

        var page = await (await FeedAsync(gateway, $"?since={version - 3}&limit=2")).JsonAsync();
        Assert.True(page["more"]!.GetValue<bool>());
        Assert.Equal(2, page["entries"]!.AsArray().Count);
        var rest = await (await FeedAsync(gateway, $"?since={page["version"]!.GetValue<long>()}&limit=2")).JsonAsync();
        Assert.False(rest["more"]!.GetValue<bool>());
        Assert.Single(rest["entries"]!.AsArray());
        Assert.Equal(version, rest["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Feed_RequiresAGatewayClientOrAdmin()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/revocations")).StatusCode);
        var plain = await host.CreateClientAsync(introspect: false);
        Assert.Equal(HttpStatusCode.Forbidden, (await FeedAsync(plain)).StatusCode);
        var admin = new HttpRequestMessage(HttpMethod.Get, "/revocations");
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.AdminTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(admin)).StatusCode);
        var gateway = await host.CreateClientAsync(introspect: true);
        Assert.Equal(HttpStatusCode.BadRequest, (await FeedAsync(gateway, "?since=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await FeedAsync(gateway, "?limit=0")).StatusCode);
    }

    [Fact]
    public async Task ExpiredEntries_ArePurged()
    {
        var (_, _, _, gateway) = await SetupAsync();
        var since = Version;
        await host.AdminOkAsync(HttpMethod.Post, "/admin/revocations", new { type = "token", jti = "short-lived", expires_at = host.Time.GetUtcNow().AddMinutes(1) });
        Assert.Single(await EntriesSinceAsync(gateway, since));
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await host.Services.GetRequiredService<RevocationList>().PurgeAsync(CancellationToken.None);
        Assert.Empty(await EntriesSinceAsync(gateway, since));
    }
}
