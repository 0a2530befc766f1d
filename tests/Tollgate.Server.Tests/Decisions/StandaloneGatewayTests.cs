using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tollgate.Server.Gateway;
using Tollgate.Server.Tests.Infrastructure;
using Tollgate.Tests.Dpop;

namespace Tollgate.Server.Tests.Decisions;

/// <summary><c>tollgate gateway</c>: decisions apart from the server, keys and rules fetched over HTTP.</summary>
public sealed class StandaloneGatewayTests(KestrelHost server) : IClassFixture<KestrelHost>
{
    private async Task<(WebApplication App, HttpClient Http)> StartGatewayAsync(string audience, (string Id, string Secret) gateway)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tollgate:Gateway:Server"] = server.Issuer,
            ["Tollgate:Gateway:Audience"] = audience,
            ["Tollgate:Gateway:ClientId"] = gateway.Id,
            ["Tollgate:Gateway:ClientSecret"] = gateway.Secret,
            ["Tollgate:Gateway:RulesRefreshInterval"] = "00:00:00.2",
            ["Tollgate:Gateway:RevocationRefreshInterval"] = "00:00:00.2",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseTestServer();
        builder.AddTollgateGateway();
        var app = builder.Build();
        await app.WarmUpGatewayAsync();
        app.MapTollgateGateway();
        await app.StartAsync();
        return (app, app.GetTestClient());
    }

    private static Task<HttpResponseMessage> DecideAsync(HttpClient http, string method, string uri, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Original-Method", method);
        request.Headers.Add("X-Original-URI", uri);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        return http.SendAsync(request);
    }

    [Fact]
    public async Task Gateway_DecidesWithTheServersKeysAndRules_AndPicksUpTightenedRules()
    {
        var audience = await server.CreateApiAsync();
        var routes = $"/admin/apis/{Uri.EscapeDataString(audience)}/routes";
        Assert.Equal(HttpStatusCode.OK, (await server.AdminAsync(HttpMethod.Put, routes, ForwardAuthTests<KestrelHost>.Rules)).StatusCode);
        var reader = await server.CreateClientAsync();
        await server.GrantAsync(reader.Id, audience, "read:contacts");
        var token = await server.TokenAsync(reader.Id, reader.Secret, audience);
        var (app, http) = await StartGatewayAsync(audience, await server.CreateClientAsync(introspect: true));
        try
        {
            var allowed = await DecideAsync(http, "GET", "/contacts/1", token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(reader.Id, allowed.Headers.GetValues("X-Tollgate-Client-Id").Single());
            Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(http, "POST", "/contacts", token)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(http, "GET", "/contacts", null)).StatusCode);

            var tightened = ForwardAuthTests<KestrelHost>.Rules.Replace(
                "{\"route\": \"GET /contacts/{id}\", \"scopes\": [\"read:contacts\"]}", "{\"route\": \"GET /contacts/{id}\", \"scopes\": [\"write:contacts\"]}");
            Assert.Equal(HttpStatusCode.OK, (await server.AdminAsync(HttpMethod.Put, routes, tightened)).StatusCode);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpStatusCode status;
            do
            {
                await Task.Delay(100);
                status = (await DecideAsync(http, "GET", "/contacts/1", token)).StatusCode;
            } while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(http, "GET", "/contacts", token)).StatusCode);

            // A revocation at the server reaches the gateway through the feed.
            await server.Http.SendAsync(TollgateHost.TokenRequest(reader.Id, reader.Secret, new() { ["token"] = token }, "/oauth2/revoke"));
            deadline = DateTime.UtcNow.AddSeconds(10);
            do
            {
                await Task.Delay(100);
                status = (await DecideAsync(http, "GET", "/contacts", token)).StatusCode;
            } while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Gateway_OpaqueTokens_AreIntrospectedAtTheServer()
    {
        var audience = await server.CreateApiAsync("opaque");
        await server.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", ForwardAuthTests<KestrelHost>.Rules);
        var writer = await server.CreateClientAsync();
        await server.GrantAsync(writer.Id, audience, "read:contacts", "write:contacts");
        var token = await server.TokenAsync(writer.Id, writer.Secret, audience);
        var (app, http) = await StartGatewayAsync(audience, await server.CreateClientAsync(introspect: true));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(http, "DELETE", "/contacts/3", token)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await DecideAsync(http, "GET", "/contacts", "tgat_" + new string('A', 43))).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("opaque")]
    public async Task Gateway_DpopBoundTokens_NeedAProofForTheOriginalUrl_AndRequireDpopArrivesWithTheRules(string format)
    {
        var audience = await server.CreateApiAsync(format);
        var routes = $"/admin/apis/{Uri.EscapeDataString(audience)}/routes";
        Assert.Equal(HttpStatusCode.OK, (await server.AdminAsync(HttpMethod.Put, routes, ForwardAuthTests<KestrelHost>.Rules)).StatusCode);
        var reader = await server.CreateClientAsync();
        await server.GrantAsync(reader.Id, audience, "read:contacts");
        using var key = DpopKey.Es256();
        var tokenRequest = TollgateHost.TokenRequest(reader.Id, reader.Secret, new() { ["grant_type"] = "client_credentials", ["audience"] = audience });
        tokenRequest.Headers.Add("DPoP", key.Proof("POST", server.Issuer + "/oauth2/token", server.Time.GetUtcNow()));
        var bound = (await (await server.Http.SendAsync(tokenRequest)).JsonAsync()).Str("access_token");
        var unbound = await server.TokenAsync(reader.Id, reader.Secret, audience);
        var (app, http) = await StartGatewayAsync(audience, await server.CreateClientAsync(introspect: true));
        try
        {
            Task<HttpResponseMessage> DecideDpopAsync(string scheme, string token, string? proof)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
                request.Headers.Add("X-Forwarded-Method", "GET");
                request.Headers.Add("X-Forwarded-Uri", "/contacts/1");
                request.Headers.Add("X-Forwarded-Proto", "https");
                request.Headers.Add("X-Forwarded-Host", "gw.example");
                request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}");
                if (proof is not null) request.Headers.Add("DPoP", proof);
                return http.SendAsync(request);
            }
            string Proof(string url = "https://gw.example/contacts/1") => key.Proof("GET", url, DateTimeOffset.UtcNow, bound);

            Assert.Equal(HttpStatusCode.OK, (await DecideDpopAsync("DPoP", bound, Proof())).StatusCode);
            var asBearer = await DecideDpopAsync("Bearer", bound, Proof());
            Assert.Equal(HttpStatusCode.Unauthorized, asBearer.StatusCode);
            Assert.Contains("error_description=\"dpop_required\"", asBearer.Headers.WwwAuthenticate.ToString());
            var wrongUrl = await DecideDpopAsync("DPoP", bound, Proof("https://other.example/contacts/1"));
            Assert.Contains("error=\"invalid_dpop_proof\"", wrongUrl.Headers.WwwAuthenticate.ToString());
            Assert.Equal(HttpStatusCode.OK, (await DecideDpopAsync("Bearer", unbound, null)).StatusCode);

            // require_dpop on the API reaches the gateway with its next rules poll (the /routes document carries it).
            await server.AdminOkAsync(HttpMethod.Patch, $"/admin/apis/{Uri.EscapeDataString(audience)}", new { require_dpop = true });
            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpResponseMessage refused;
            do
            {
                await Task.Delay(100);
                refused = await DecideDpopAsync("Bearer", unbound, null);
            } while (refused.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("token_not_bound", (await refused.JsonAsync()).Str("error_description"));
            Assert.Equal(HttpStatusCode.OK, (await DecideDpopAsync("DPoP", bound, Proof())).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Gateway_RateLimitArrivesWithTheRules_Answers429WithRetryAfter_AndCountsOnItsOwn()
    {
        var audience = await server.CreateApiAsync();
        var routes = $"/admin/apis/{Uri.EscapeDataString(audience)}/routes";
        // One request in 1000 s, bursts of 2: no refill while the test runs on the gateway's real clock.
        var rules = RateLimitDecisionTests<KestrelHost>.LimitedRules("""{"requests_per_second": 0.001, "burst": 2}""");
        Assert.Equal(HttpStatusCode.OK, (await server.AdminAsync(HttpMethod.Put, routes, rules)).StatusCode);
        var reader = await server.CreateClientAsync();
        await server.GrantAsync(reader.Id, audience, "read:contacts");
        var token = await server.TokenAsync(reader.Id, reader.Secret, audience);
        var (app, http) = await StartGatewayAsync(audience, await server.CreateClientAsync(introspect: true));
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(http, "GET", "/contacts", token)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await DecideAsync(http, "GET", "/contacts", token)).StatusCode);
            var limited = await DecideAsync(http, "GET", "/contacts", token);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 999, 1000);
            Assert.Equal("rate_limited", (await limited.JsonAsync()).Str("error"));

            // Per node: the server's own /decisions keeps its own bucket for the same client, so two nodes let 2 × burst through.
            var atServer = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
                request.Headers.Add("X-Tollgate-Audience", audience);
                request.Headers.Add("X-Original-URI", "/contacts");
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
                atServer.Add((await server.Http.SendAsync(request)).StatusCode);
            }
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], atServer);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void Gateway_MissingSettings_ListsEveryError()
    {
        var errors = new GatewayOptions().Validate().Select(e => e.ToString()).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("Server", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Audience", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ClientSecret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("auth.example", false)]
    [InlineData("https://auth.example", true)]
    [InlineData(null, true)]
    public void Gateway_Issuer_MustBeAnAbsoluteUrlWhenSet(string? issuer, bool valid)
    {
        var options = new GatewayOptions { Server = "http://10.0.0.5:8080", Issuer = issuer, Audience = "https://api.example", ClientId = "gw", ClientSecret = "s" };
        var errors = options.Validate().Select(e => e.ToString());
        if (valid) Assert.Empty(errors);
        else Assert.Contains("Tollgate:Gateway:Issuer", Assert.Single(errors), StringComparison.Ordinal);
    }
}
