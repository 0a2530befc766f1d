using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.OAuth;

public sealed class TokenEndpointTests_InProcess(InProcessHost host) : TokenEndpointTests<InProcessHost>(host);
public sealed class TokenEndpointTests_Kestrel(KestrelHost host) : TokenEndpointTests<KestrelHost>(host);
public sealed class TokenEndpointTests_Postgres(PostgresHost host) : TokenEndpointTests<PostgresHost>(host);

/// <summary>POST /oauth2/token over HTTP: statuses, error values, headers and bodies.</summary>
public abstract class TokenEndpointTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    private async Task<(string Audience, string ClientId, string Secret)> ReaderAsync(string method = "client_secret_basic", string format = "jwt", string alg = "RS256")
    {
        var audience = await host.CreateApiAsync(format, alg);
        var (id, secret) = await host.CreateClientAsync(method);
        await host.GrantAsync(id, audience, "read:contacts");
        return (audience, id, secret);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/x-www-form-urlencoded", AuthenticationHeaderValue? auth = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = auth;
        return host.Http.SendAsync(request);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string? descriptionContains = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(error, body.Str("error"));
        Assert.False(string.IsNullOrWhiteSpace(body.Str("error_description")));
        if (descriptionContains is not null) Assert.Contains(descriptionContains, body.Str("error_description"));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task TokenRequest_BasicAuth_IssuesRfc9068Jwt()
    {
        var (audience, id, secret) = await ReaderAsync();
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials", ["audience"] = audience }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("no-cache", response.Headers.Pragma.ToString());
        var body = await response.JsonAsync();
        Assert.Equal("Bearer", body.Str("token_type"));
        Assert.Equal(3600, body["expires_in"]!.GetValue<int>());
        Assert.Equal("read:contacts", body.Str("scope"));

        var jwt = new JsonWebToken(body.Str("access_token"));
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Contains(jwt.Kid, await host.Http.GetStringAsync("/.well-known/jwks.json"));
        Assert.Equal(host.Issuer, jwt.Issuer);
        Assert.Equal(id, jwt.Subject);
        Assert.Equal([audience], jwt.Audiences);
        Assert.Equal(id, jwt.GetPayloadValue<string>("client_id"));
        Assert.Equal("read:contacts", jwt.GetPayloadValue<string>("scope"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(3600, (jwt.ValidTo - jwt.IssuedAt).TotalSeconds);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("PS256")]
    public async Task TokenRequest_ApiSigningAlg_SignsWithThatAlgorithm(string alg)
    {
        var (audience, id, secret) = await ReaderAsync(alg: alg);
        var jwt = new JsonWebToken(await host.TokenAsync(id, secret, audience));
        Assert.Equal(alg, jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
    }

    [Fact]
    public async Task TokenRequest_OpaqueApi_IssuesPrefixedSealedToken_AndStoresNothing()
    {
        var (audience, id, secret) = await ReaderAsync(format: "opaque");
        // SQLite still has the table earlier releases wrote reference tokens to; PostgreSQL never had one.
        var db = host.Services.GetService<Tollgate.Storage.Sqlite.SqliteDatabase>();
        async Task<long> RowsAsync() => db is null ? 0 : (await db.QueryAsync("SELECT count(*) FROM opaque_tokens", _ => { }, r => r.GetInt64(0), CancellationToken.None))[0];
        var before = await RowsAsync();

        var token = await host.TokenAsync(id, secret, audience);

        Assert.StartsWith("tgat_", token);
        Assert.DoesNotContain('.', token);
        Assert.DoesNotContain(id, token);                 // sealed: nothing readable inside
        Assert.InRange(token.Length, 100, 400);
        Assert.Equal(before, await RowsAsync());
        var reader = await host.CreateClientAsync(introspect: true);
        var answer = await host.IntrospectAsync(token, reader.Id, reader.Secret);
        Assert.True(answer["active"]!.GetValue<bool>());
        Assert.Equal(id, answer.Str("client_id"));
        Assert.Equal(audience, answer.Str("aud"));
        Assert.Equal(answer["iat"]!.GetValue<long>() + 3600, answer["exp"]!.GetValue<long>());
    }

    [Fact]
    public async Task TokenRequest_FormPostClient_Succeeds()
    {
        var (audience, id, secret) = await ReaderAsync("client_secret_post");
        var response = await PostAsync($"grant_type=client_credentials&client_id={id}&client_secret={secret}&audience={Uri.EscapeDataString(audience)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TokenRequest_JsonBody_SucceedsAsAuth0Accepts()
    {
        var (audience, id, secret) = await ReaderAsync("client_secret_post");
        var json = new JsonObject { ["client_id"] = id, ["client_secret"] = secret, ["audience"] = audience, ["grant_type"] = "client_credentials" };
        var response = await PostAsync(json.ToJsonString(), "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("read:contacts", (await response.JsonAsync()).Str("scope"));
    }

    [Fact]
    public async Task TokenRequest_ResourceIndicator_SelectsApi()
    {
        var (audience, id, secret) = await ReaderAsync();
        var other = await host.CreateApiAsync();
        await host.GrantAsync(id, other, "write:contacts");
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials", ["resource"] = other }));
        var jwt = new JsonWebToken((await response.JsonAsync()).Str("access_token"));
        Assert.Equal([other], jwt.Audiences);
        Assert.Equal("write:contacts", jwt.GetPayloadValue<string>("scope"));
    }

    [Fact]
    public async Task TokenRequest_NoAudienceAndOneGrant_UsesThatGrant()
    {
        var (audience, id, secret) = await ReaderAsync();
        var jwt = new JsonWebToken(await host.TokenAsync(id, secret));
        Assert.Equal([audience], jwt.Audiences);
    }

    [Fact]
    public async Task TokenRequest_NoAudienceAndSeveralGrants_IsInvalidRequest()
    {
        var (_, id, secret) = await ReaderAsync();
        await host.GrantAsync(id, await host.CreateApiAsync(), "read:contacts");
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials" }));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "audience");
    }

    [Fact]
    public async Task TokenRequest_ScopeSubset_NarrowsAndUngrantedScopeIsInvalidScope()
    {
        var audience = await host.CreateApiAsync(scopes: ["a", "b", "c"]);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "a", "b");

        Assert.Equal("b", new JsonWebToken(await host.TokenAsync(id, secret, audience, "b")).GetPayloadValue<string>("scope"));
        Assert.Equal("a b", new JsonWebToken(await host.TokenAsync(id, secret, audience)).GetPayloadValue<string>("scope"));
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret,
            new() { ["grant_type"] = "client_credentials", ["audience"] = audience, ["scope"] = "a c" }));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_scope", "c");
    }

    [Fact]
    public async Task TokenRequest_ApiWithoutGrant_IsAccessDenied()
    {
        var (_, id, secret) = await ReaderAsync();
        var other = await host.CreateApiAsync();
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials", ["audience"] = other }));
        await AssertErrorAsync(response, HttpStatusCode.Forbidden, "access_denied");
    }

    [Fact]
    public async Task TokenRequest_UnknownAudience_IsInvalidTarget()
    {
        var (_, id, secret) = await ReaderAsync();
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret,
            new() { ["grant_type"] = "client_credentials", ["audience"] = "https://nowhere.example" }));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_target");
    }

    [Fact]
    public async Task TokenRequest_WrongSecretWithBasic_Is401WithWwwAuthenticate()
    {
        var (audience, id, _) = await ReaderAsync();
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(id, "tgcs_wrong", new() { ["grant_type"] = "client_credentials", ["audience"] = audience }));
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task TokenRequest_WrongSecretInBody_Is401WithoutBasicChallenge()
    {
        var (audience, id, _) = await ReaderAsync("client_secret_post");
        var response = await PostAsync($"grant_type=client_credentials&client_id={id}&client_secret=nope&audience={Uri.EscapeDataString(audience)}");
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task TokenRequest_UnknownClient_IsInvalidClient()
    {
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest("nobody", "whatever", new() { ["grant_type"] = "client_credentials" }));
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task TokenRequest_MethodOtherThanRegistered_IsInvalidClient()
    {
        var (audience, id, secret) = await ReaderAsync("client_secret_basic");
        var response = await PostAsync($"grant_type=client_credentials&client_id={id}&client_secret={secret}&audience={Uri.EscapeDataString(audience)}");
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client", "client_secret_basic");
    }

    [Fact]
    public async Task TokenRequest_NoCredentials_IsInvalidClient()
    {
        var response = await PostAsync("grant_type=client_credentials");
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_client");
    }

    [Fact]
    public async Task TokenRequest_BasicAndBodySecret_IsInvalidRequest()
    {
        var (_, id, secret) = await ReaderAsync();
        var response = await PostAsync($"grant_type=client_credentials&client_secret={secret}", auth: TollgateHost.Basic(id, secret));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "one client authentication method");
    }

    [Fact]
    public async Task TokenRequest_BasicCredentialsFormEncoded_AreDecoded()
    {
        var (audience, id, secret) = await ReaderAsync();
        // RFC 6749 §2.3.1: id and secret are form-url-encoded before Base64; '-' and '_' may arrive escaped.
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret.Replace("_", "%5F")}"));
        var response = await PostAsync($"grant_type=client_credentials&audience={Uri.EscapeDataString(audience)}", auth: new AuthenticationHeaderValue("Basic", encoded));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("grant_type=password", "unsupported_grant_type")]
    [InlineData("grant_type=authorization_code&code=x", "unsupported_grant_type")]
    [InlineData("scope=read", "invalid_request")]
    [InlineData("", "invalid_request")]
    public async Task TokenRequest_BadGrantType_IsRefused(string body, string error)
    {
        var (_, id, secret) = await ReaderAsync();
        var response = await PostAsync(body, auth: TollgateHost.Basic(id, secret));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, error);
    }

    [Fact]
    public async Task TokenRequest_ClientWithoutClientCredentialsGrantType_IsUnauthorizedClient()
    {
        // grant_types can only hold client_credentials today; the rule is still enforced by the grant itself.
        var (audience, id, secret) = await ReaderAsync();
        var invalid = await host.AdminAsync(HttpMethod.Patch, $"/admin/clients/{id}", new { grant_types = new[] { "password" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret,
            new() { ["grant_type"] = "client_credentials", ["audience"] = audience }))).StatusCode);
    }

    [Theory]
    [InlineData("text/plain", "grant_type=client_credentials")]
    [InlineData("application/xml", "<grant_type/>")]
    [InlineData("application/x-www-form-urlencoded", "grant_type=client_credentials&grant_type=client_credentials")]
    [InlineData("application/x-www-form-urlencoded", "grant_type=client_credentials&scope=%FF%FE")]
    [InlineData("application/x-www-form-urlencoded", "grant_type=client_credentials&scope=%G1")]
    [InlineData("application/x-www-form-urlencoded; charset=iso-8859-1", "grant_type=client_credentials")]
    [InlineData("application/json", "[1,2]")]
    [InlineData("application/json", "{\"grant_type\":\"client_credentials\",\"scope\":[\"a\"]}")]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", "{\"grant_type\":\"client_credentials\",\"grant_type\":\"x\"}")]
    public async Task TokenRequest_MalformedBody_IsInvalidRequest(string contentType, string body)
    {
        var (_, id, secret) = await ReaderAsync();
        var response = await PostAsync(body, contentType, TollgateHost.Basic(id, secret));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task TokenRequest_EmptyBodyWithoutContentType_IsInvalidRequest()
    {
        var response = await host.Http.PostAsync("/oauth2/token", null);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task TokenRequest_OversizedBody_IsInvalidRequest()
    {
        var (_, id, secret) = await ReaderAsync();
        var response = await PostAsync("grant_type=client_credentials&scope=" + new string('a', 40_000), auth: TollgateHost.Basic(id, secret));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "larger than");
    }

    [Fact]
    public async Task TokenRequest_OversizedValue_IsInvalidRequestNamingIt()
    {
        var (_, id, secret) = await ReaderAsync();
        var response = await PostAsync("grant_type=client_credentials&audience=" + new string('a', 5000), auth: TollgateHost.Basic(id, secret));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "audience");
    }

    [Theory]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic bm9jb2xvbg==")]
    [InlineData("Basic //79")]
    [InlineData("Bearer abc")]
    public async Task TokenRequest_BadAuthorizationHeader_Is400(string header)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }) };
        request.Headers.TryAddWithoutValidation("Authorization", header);
        var response = await host.Http.SendAsync(request);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task TokenEndpoint_Get_Is405()
    {
        var response = await host.Http.GetAsync("/oauth2/token");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task TokenRequest_ClientLifetimeShorterThanApi_Wins()
    {
        var audience = await host.CreateApiAsync(lifetime: 3600);
        var (id, secret) = await host.CreateClientAsync(lifetime: 300);
        await host.GrantAsync(id, audience, "read:contacts");
        var jwt = new JsonWebToken(await host.TokenAsync(id, secret, audience));
        Assert.Equal(300, (jwt.ValidTo - jwt.IssuedAt).TotalSeconds);

        var longer = await host.CreateApiAsync(lifetime: 120);
        await host.GrantAsync(id, longer, "read:contacts");
        var short2 = new JsonWebToken(await host.TokenAsync(id, secret, longer));
        Assert.Equal(120, (short2.ValidTo - short2.IssuedAt).TotalSeconds);
    }
}
