using System.Net;
using System.Net.Http.Headers;
using Contacts.Tests.Infrastructure;

namespace Contacts.Tests.Nginx;

/// <summary>Real nginx with deploy/nginx's config, a stub decision service and the real contacts API.</summary>
public sealed class NginxGatewayTests(NginxGateway gateway) : IClassFixture<NginxGateway>
{
    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, string? json = null)
    {
        var request = Http.Request(method, path, json);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task Create_AllowedToken_ReachesApiWithGatewayIdentity()
    {
        var request = Request(HttpMethod.Post, "/contacts", DecisionStub.Writer, """{"name":"Via nginx"}""");
        request.Headers.Add("X-Client-Id", "spoofed-by-caller");
        request.Headers.Add("X-Scopes", "admin");

        var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("svc-writer", (await response.JsonAsync()).Str("created_by"));
        var seen = gateway.Contacts.LastHeaders;
        Assert.Equal("svc-writer", seen["x-client-id"]);
        Assert.Equal("read:contacts write:contacts", seen["x-scopes"]);
        Assert.Equal("Bearer " + DecisionStub.Writer, seen["authorization"]);
    }

    [Fact]
    public async Task Create_AllowedWithoutClientId_ApiRefusesLoudlyAndSpoofIsDropped()
    {
        var request = Request(HttpMethod.Post, "/contacts", DecisionStub.Anonymous, """{"name":"x"}""");
        request.Headers.Add("X-Client-Id", "spoofed-by-caller");

        var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Missing gateway identity", (await response.JsonAsync()).Str("title"));
        Assert.False(gateway.Contacts.LastHeaders.ContainsKey("x-client-id"));
    }

    [Fact]
    public async Task Decision_AnyRequest_GetsOriginalMethodUriAndNoBody()
    {
        await gateway.Http.SendAsync(Request(HttpMethod.Put, "/contacts/77?probe=1", DecisionStub.Writer, """{"name":"x"}"""));

        var (method, path, headers, bodyLength) = gateway.Stub.Last!.Value;
        Assert.Equal("GET", method);
        Assert.Equal("/decisions", path);
        Assert.Equal("PUT", headers["x-original-method"]);
        Assert.Equal("/contacts/77?probe=1", headers["x-original-uri"]);
        Assert.Equal("https://contacts.example", headers["x-tollgate-audience"]);
        Assert.Equal("Bearer " + DecisionStub.Writer, headers["authorization"]);
        Assert.Equal(gateway.Http.BaseAddress!.Authority, headers["x-forwarded-host"]); // $http_host: with the port, as DPoP's htu needs
        Assert.Equal("http", headers["x-forwarded-proto"]);
        Assert.Equal(0, bodyLength);
        Assert.False(headers.ContainsKey("content-length") && headers["content-length"] != "0");
    }

    [Fact]
    public async Task Read_PhantomToken_UpstreamGetsTollgateAuthorization()
    {
        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/contacts", DecisionStub.Phantom));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + DecisionStub.PhantomJwt, gateway.Contacts.LastHeaders["authorization"]);
    }

    [Fact]
    public async Task Read_ExpiredToken_Returns401JsonWithTollgateChallenge()
    {
        var before = gateway.Contacts.ContactsRequests;

        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/contacts", DecisionStub.Expired));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(DecisionStub.ExpiredChallenge, Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        var body = await response.JsonAsync();
        Assert.Equal("invalid_token", body.Str("error"));
        Assert.Equal("The access token expired.", body.Str("error_description"));
        Assert.Equal(before, gateway.Contacts.ContactsRequests);
    }

    [Fact]
    public async Task Read_NoToken_Returns401Json()
    {
        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/contacts/1", token: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_token", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task Read_401WithoutChallenge_AddsBareBearerChallenge()
    {
        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/contacts", DecisionStub.NoChallenge));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        var body = await response.JsonAsync();
        Assert.Equal("invalid_token", body.Str("error"));
        Assert.False(string.IsNullOrEmpty(body.Str("error_description")));
    }

    [Fact]
    public async Task Read_ChallengeUnsafeForJson_BodyKeepsFixedDescription()
    {
        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/contacts", DecisionStub.Injection));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(["error", "error_description"], body.Select(p => p.Key));
        Assert.StartsWith("The access token is missing", body.Str("error_description"));
    }

    [Fact]
    public async Task Create_MissingScope_Returns403JsonWithScopeChallenge()
    {
        var before = gateway.Contacts.ContactsRequests;

        var response = await gateway.Http.SendAsync(Request(HttpMethod.Post, "/contacts", DecisionStub.ReadOnly, """{"name":"x"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(DecisionStub.ScopeChallenge, Assert.Single(response.Headers.GetValues("WWW-Authenticate")));
        var body = await response.JsonAsync();
        Assert.Equal("insufficient_scope", body.Str("error"));
        Assert.Equal("POST /contacts needs write:contacts.", body.Str("error_description"));
        Assert.Equal("write:contacts", body.Str("scope"));
        Assert.Equal(before, gateway.Contacts.ContactsRequests);
    }

    [Fact]
    public async Task Read_DecisionServiceAnswers500_RefusedWithJson500()
    {
        var before = gateway.Contacts.ContactsRequests;

        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, "/contacts", DecisionStub.Broken));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("authorization_unavailable", (await response.JsonAsync()).Str("error"));
        Assert.Equal(before, gateway.Contacts.ContactsRequests);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/contactsx")]
    [InlineData("/admin/clients")]
    public async Task Request_RouteOutsideContacts_Returns404JsonWithoutAsking(string path)
    {
        var calls = gateway.Stub.Calls;

        var response = await gateway.Http.SendAsync(Request(HttpMethod.Get, path, DecisionStub.Writer));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (await response.JsonAsync()).Str("error"));
        Assert.Equal(calls, gateway.Stub.Calls);
    }

    [Fact]
    public async Task Health_NoToken_ReachesApi()
    {
        var response = await gateway.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.JsonAsync()).Str("status"));
    }
}
