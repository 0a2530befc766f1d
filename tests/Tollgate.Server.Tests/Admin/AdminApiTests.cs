using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Admin;

public sealed class AdminApiTests_InProcess(InProcessHost host) : AdminApiTests<InProcessHost>(host);
public sealed class AdminApiTests_Kestrel(KestrelHost host) : AdminApiTests<KestrelHost>(host);
public sealed class AdminApiTests_Postgres(PostgresHost host) : AdminApiTests<PostgresHost>(host);

/// <summary>/admin: authorization, CRUD, paging, validation, conflicts, and that every change is live.</summary>
public abstract class AdminApiTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, body["status"]!.GetValue<int>());
        if (field is not null) Assert.True(body["errors"]!.AsObject().ContainsKey(field), $"no error for '{field}' in {text}");
    }

    [Fact]
    public async Task Admin_WithoutToken_Is401WithBearerChallenge()
    {
        var response = await host.Http.GetAsync("/admin/apis");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Admin_WithTokenForAnotherApi_Is403()
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/apis");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(id, secret, audience));
        var response = await host.Http.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Admin_WithExpiredOrGarbageToken_Is401()
    {
        var token = await host.AdminTokenAsync();
        foreach (var bad in new[] { "garbage", token[..^4] + "AAAA" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/admin/apis");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bad);
            await AssertProblemAsync(await host.Http.SendAsync(request), HttpStatusCode.Unauthorized);
        }
        host.Time.Advance(TimeSpan.FromSeconds(901));
        var expired = new HttpRequestMessage(HttpMethod.Get, "/admin/apis");
        expired.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await AssertProblemAsync(await host.Http.SendAsync(expired), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Apis_CreateGetUpdateDelete_RoundTrip()
    {
        var identifier = $"urn:test:{Guid.NewGuid():N}";
        var created = await host.AdminAsync(HttpMethod.Post, "/admin/apis", new { identifier, name = "Contacts", scopes = new[] { new { value = "read:contacts", description = "Read" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var api = await created.JsonAsync();
        Assert.Equal($"/admin/apis/{api.Str("id")}", created.Headers.Location!.OriginalString);
        Assert.Equal("jwt", api.Str("token_format"));
        Assert.Equal("RS256", api.Str("signing_alg"));
        Assert.Equal(3600, api["access_token_lifetime"]!.GetValue<int>());

        Assert.Equal(identifier, (await host.AdminOkAsync(HttpMethod.Get, $"/admin/apis/{api.Str("id")}")).Str("identifier"));
        Assert.Equal(api.Str("id"), (await host.AdminOkAsync(HttpMethod.Get, $"/admin/apis/{Uri.EscapeDataString(identifier)}")).Str("id"));

        var updated = await host.AdminOkAsync(HttpMethod.Patch, $"/admin/apis/{api.Str("id")}", new { token_format = "opaque", signing_alg = "ES256", access_token_lifetime = 60 });
        Assert.Equal("opaque", updated.Str("token_format"));
        Assert.Equal("ES256", updated.Str("signing_alg"));
        Assert.Equal("Contacts", updated.Str("name"));

        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/apis/{api.Str("id")}")).StatusCode);
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Get, $"/admin/apis/{api.Str("id")}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Delete, $"/admin/apis/{api.Str("id")}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Apis_DuplicateIdentifier_Is409()
    {
        var identifier = await host.CreateApiAsync();
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/apis", new { identifier }), HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("{\"identifier\":\"not a uri\"}", "identifier")]
    [InlineData("{\"name\":\"no identifier\"}", "identifier")]
    [InlineData("{\"identifier\":\"https://x.example\",\"token_format\":\"paseto\"}", "token_format")]
    [InlineData("{\"identifier\":\"https://x.example\",\"signing_alg\":\"HS256\"}", "signing_alg")]
    [InlineData("{\"identifier\":\"https://x.example\",\"access_token_lifetime\":0}", "access_token_lifetime")]
    [InlineData("{\"identifier\":\"https://x.example\",\"access_token_lifetime\":\"long\"}", "access_token_lifetime")]
    [InlineData("{\"identifier\":\"https://x.example\",\"scopes\":[{\"value\":\"has space\"}]}", "scopes[0].value")]
    [InlineData("{\"identifier\":\"https://x.example\",\"scopes\":[{\"value\":\"a\"},{\"value\":\"a\"}]}", "scopes")]
    [InlineData("{\"identifier\":\"https://x.example\",\"audience\":\"x\"}", "audience")]
    [InlineData("[1]", "$")]
    [InlineData("{\"identifier\":", "$")]
    public async Task Apis_InvalidBody_Is400NamingTheField(string body, string field)
    {
        var before = (await host.AdminOkAsync(HttpMethod.Get, "/admin/apis?limit=200"))["items"]!.AsArray().Count;
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/apis", body), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, (await host.AdminOkAsync(HttpMethod.Get, "/admin/apis?limit=200"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Apis_WrongContentType_Is415()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/apis") { Content = new StringContent("identifier=x", System.Text.Encoding.UTF8, "text/plain") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.AdminTokenAsync());
        await AssertProblemAsync(await host.Http.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Apis_ChangingIdentifier_Is400()
    {
        var identifier = await host.CreateApiAsync();
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Patch, $"/admin/apis/{Uri.EscapeDataString(identifier)}", new { identifier = "https://other.example" }),
            HttpStatusCode.BadRequest, "identifier");
    }

    [Fact]
    public async Task Apis_RemovingAGrantedScope_Is409()
    {
        var audience = await host.CreateApiAsync();
        var (id, _) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "write:contacts");
        var response = await host.AdminAsync(HttpMethod.Patch, $"/admin/apis/{Uri.EscapeDataString(audience)}", new { scopes = new[] { new { value = "read:contacts" } } });
        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task List_PagesWithCursor_AndRejectsBadPaging()
    {
        for (var i = 0; i < 3; i++) await host.CreateApiAsync();
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await host.AdminOkAsync(HttpMethod.Get, "/admin/apis?limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            var items = page["items"]!.AsArray();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(i => i!.AsObject().Str("id")));
            cursor = page["next_cursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.True(seen.Count >= 4);
        Assert.Equal(seen.Count, seen.Distinct().Count());

        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Get, "/admin/apis?limit=0"), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Get, "/admin/clients?limit=1000"), HttpStatusCode.BadRequest, "limit");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Get, "/admin/grants?cursor=bogus"), HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Clients_SecretIsShownOnlyOnCreate()
    {
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new { client_id = $"svc-{Guid.NewGuid():N}", client_name = "Svc", metadata = new { team = "billing" } });
        var secret = created.Str("client_secret");
        Assert.StartsWith("tgcs_", secret);
        Assert.True(System.Buffers.Text.Base64Url.DecodeFromChars(secret.AsSpan(5)).Length >= 32, "at least 256 bits");
        Assert.Equal("billing", created["metadata"]!["team"]!.GetValue<string>());

        var fetched = await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{created.Str("client_id")}");
        Assert.False(fetched.ContainsKey("client_secret"));
        var listed = await host.AdminOkAsync(HttpMethod.Get, "/admin/clients?limit=200");
        Assert.DoesNotContain(secret, listed.ToJsonString());
    }

    [Fact]
    public async Task Clients_DuplicateId_Is409_AndInvalidFields_Are400()
    {
        var id = $"svc-{Guid.NewGuid():N}";
        await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new { client_id = id });
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { client_id = id }), HttpStatusCode.Conflict);
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { client_id = "has space" }), HttpStatusCode.BadRequest, "client_id");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { token_endpoint_auth_method = "none" }), HttpStatusCode.BadRequest, "token_endpoint_auth_method");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { allowed_origins = new[] { "https://app.example/path" } }), HttpStatusCode.BadRequest, "allowed_origins[0]");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { metadata = new[] { 1 } }), HttpStatusCode.BadRequest, "metadata");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { grant_types = new[] { "implicit" } }), HttpStatusCode.BadRequest, "grant_types");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Get, "/admin/clients/nobody"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Clients_UpdateIsLiveOnTheNextRequest()
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        await host.TokenAsync(id, secret, audience);

        var updated = await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{id}", new { token_endpoint_auth_method = "client_secret_post", access_token_lifetime = 60 });
        Assert.Equal("client_secret_post", updated.Str("token_endpoint_auth_method"));
        var basic = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials" }));
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        var post = await host.Http.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret,
        }));
        var body = await post.JsonAsync();
        Assert.Equal(60, body["expires_in"]!.GetValue<int>());
    }

    [Fact]
    public async Task Clients_Delete_RefusesItsCredentialsAtOnce()
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{id}")).StatusCode);
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials" }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var grants = await host.AdminOkAsync(HttpMethod.Get, $"/admin/grants?client_id={id}");
        Assert.Empty(grants["items"]!.AsArray());
    }

    [Fact]
    public async Task Grants_Validation_Conflicts_AndLiveWidening()
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync();

        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/grants", new { client_id = id, audience, scope = new[] { "delete:everything" } }), HttpStatusCode.BadRequest, "scope");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/grants", new { client_id = "nobody", audience, scope = new[] { "read:contacts" } }), HttpStatusCode.BadRequest, "client_id");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/grants", new { client_id = id, audience = "https://none.example", scope = new[] { "read:contacts" } }), HttpStatusCode.BadRequest, "audience");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/grants", new { client_id = id }), HttpStatusCode.BadRequest, "audience");

        var grant = await host.GrantAsync(id, audience, "read:contacts");
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/grants", new { client_id = id, audience, scope = new[] { "read:contacts" } }), HttpStatusCode.Conflict);
        Assert.Equal("read:contacts", new JsonWebToken(await host.TokenAsync(id, secret, audience)).GetPayloadValue<string>("scope"));

        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/grants/{grant.Str("id")}", new { scope = new[] { "read:contacts", "write:contacts" } });
        Assert.Equal("read:contacts write:contacts", new JsonWebToken(await host.TokenAsync(id, secret, audience)).GetPayloadValue<string>("scope"));

        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/grants/{grant.Str("id")}")).StatusCode);
        var refused = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials", ["audience"] = audience }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Get, $"/admin/grants/{grant.Str("id")}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SystemRecords_CannotBeRemoved()
    {
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Delete, "/admin/apis/tollgate%3Aadmin"), HttpStatusCode.Conflict);
        await AssertProblemAsync(await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{TollgateHost.RootClientId}"), HttpStatusCode.Conflict);
        Assert.False(string.IsNullOrEmpty(await host.AdminTokenAsync()));
    }
}
