using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Policies;

public sealed class WardenTests_InProcess(InProcessHost host) : WardenTests<InProcessHost>(host);
public sealed class WardenTests_Kestrel(KestrelHost host) : WardenTests<KestrelHost>(host);
public sealed class WardenTests_Postgres(PostgresHost host) : WardenTests<PostgresHost>(host);

/// <summary>POST /warden/token/allowed and /warden/allowed at wire level, starting with the seed's sequence.</summary>
public abstract class WardenTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    private async Task<(string Id, string Secret)> GatewayAsync() => await host.CreateClientAsync(introspect: true);

    private async Task<HttpResponseMessage> AskAsync(string path, object body, (string Id, string Secret) caller)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = TollgateHost.Basic(caller.Id, caller.Secret);
        return await host.Http.SendAsync(request);
    }

    private async Task<JsonObject> AllowedAsync(string path, object body, (string Id, string Secret) caller)
    {
        var response = await AskAsync(path, body, caller);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task SeedSequence_ReadPolicy_AllowsReadOfAnOrder_NotWrite()
    {
        // The seed's steps with our paths: a client, a read policy for it, a token, then the warden.
        var audience = await host.CreateApiAsync(scopes: ["orders"]);
        var (clientId, secret) = await host.CreateClientAsync();
        await host.GrantAsync(clientId, audience, "orders");
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new
        {
            id = $"read-orders-{clientId}", subjects = new[] { clientId }, effect = "allow", actions = new[] { "read" }, resources = new[] { "resources:orders:<.*>" },
        });
        var token = await host.TokenAsync(clientId, secret, audience);
        var gateway = await GatewayAsync();

        var read = await AllowedAsync("/warden/token/allowed", new { token, action = "read", resource = "resources:orders:123" }, gateway);
        Assert.True(read["allowed"]!.GetValue<bool>());
        Assert.Equal((clientId, audience, host.Issuer), (read.Str("sub"), read.Str("aud"), read.Str("iss")));
        Assert.Equal(["orders"], read["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).ToArray());
        Assert.True(read["exp"]!.GetValue<long>() > read["iat"]!.GetValue<long>());
        Assert.Equal(clientId, read["ext"]!["client_id"]!.GetValue<string>());

        var write = await AllowedAsync("/warden/token/allowed", new { token, action = "write", resource = "resources:orders:123" }, gateway);
        Assert.Equal("""{"allowed":false}""", write.ToJsonString());
        var other = await AllowedAsync("/warden/token/allowed", new { token, action = "read", resource = "resources:invoices:1" }, gateway);
        Assert.False(other["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TokenAllowed_MissingScope_InactiveToken_AndDenyPolicy_AreAllPlainRefusals()
    {
        var audience = await host.CreateApiAsync(scopes: ["orders", "admin"]);
        var (clientId, secret) = await host.CreateClientAsync();
        await host.GrantAsync(clientId, audience, "orders", "admin");
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new { subjects = new[] { clientId }, actions = new[] { "<.*>" }, resources = new[] { "orders:<.*>" } });
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new { subjects = new[] { clientId }, effect = "deny", actions = new[] { "delete" }, resources = new[] { "orders:<[0-9]+>" } });
        var token = await host.TokenAsync(clientId, secret, audience, "orders");
        var gateway = await GatewayAsync();

        Assert.True((await AllowedAsync("/warden/token/allowed", new { token, scopes = new[] { "orders" }, action = "delete", resource = "orders:x" }, gateway))["allowed"]!.GetValue<bool>());
        foreach (var body in new object[]
        {
            new { token, scopes = new[] { "admin" }, action = "read", resource = "orders:1" },        // scope the token lacks
            new { token, action = "delete", resource = "orders:1" },                                   // the deny policy wins
            new { token = token + "x", action = "read", resource = "orders:1" },                       // not a token we issued
            new { token = "opaque-garbage", action = "read", resource = "orders:1" },
        })
            Assert.Equal("""{"allowed":false}""", (await AllowedAsync("/warden/token/allowed", body, gateway)).ToJsonString());
    }

    [Fact]
    public async Task SubjectAllowed_EvaluatesPolicies_WithContextConditions()
    {
        var subject = $"svc-{Guid.NewGuid():N}";
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new
        {
            subjects = new[] { subject }, actions = new[] { "read" }, resources = new[] { "resources:orders:<.*>" },
            conditions = new Dictionary<string, object> { ["remoteIPAddress"] = new { type = "CIDRCondition", options = new { cidr = "10.0.0.0/8" } } },
        });
        var gateway = await GatewayAsync();
        async Task<bool> Ask(object body) => (await AllowedAsync("/warden/allowed", body, gateway))["allowed"]!.GetValue<bool>();

        Assert.True(await Ask(new { subject, action = "read", resource = "resources:orders:7", context = new { remoteIPAddress = "10.2.3.4" } }));
        Assert.False(await Ask(new { subject, action = "read", resource = "resources:orders:7", context = new { remoteIPAddress = "192.168.1.1" } }));
        Assert.False(await Ask(new { subject, action = "read", resource = "resources:orders:7" }));   // missing context key: the condition fails
        Assert.False(await Ask(new { subject = "someone-else", action = "read", resource = "resources:orders:7", context = new { remoteIPAddress = "10.2.3.4" } }));
    }

    [Fact]
    public async Task PolicyChange_IsLiveOnTheNextRequest()
    {
        var subject = $"svc-{Guid.NewGuid():N}";
        var gateway = await GatewayAsync();
        var body = new { subject, action = "read", resource = "r:1" };
        Assert.False((await AllowedAsync("/warden/allowed", body, gateway))["allowed"]!.GetValue<bool>());
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new { subjects = new[] { subject }, actions = new[] { "read" }, resources = new[] { "r:<.*>" } });
        Assert.True((await AllowedAsync("/warden/allowed", body, gateway))["allowed"]!.GetValue<bool>());
        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/policies/{created.Str("id")}", new { effect = "deny" });
        Assert.False((await AllowedAsync("/warden/allowed", body, gateway))["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Warden_CallerWithoutIntrospectionRight_Is403_WrongSecret_Is401()
    {
        var plain = await host.CreateClientAsync(introspect: false);
        var body = new { subject = "x", action = "read", resource = "r" };
        var refused = await AskAsync("/warden/allowed", body, plain);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("unauthorized_client", (await refused.Content.ReadFromJsonAsync<JsonObject>())!.Str("error"));
        var gateway = await GatewayAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await AskAsync("/warden/allowed", body, (gateway.Id, "wrong"))).StatusCode);
        var anonymous = await host.Http.PostAsync("/warden/allowed", JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("/warden/allowed", """{"action":"read","resource":"r"}""", "subject is required")]
    [InlineData("/warden/allowed", """{"subject":"s","resource":"r"}""", "action is required")]
    [InlineData("/warden/allowed", """{"subject":"s","action":"read"}""", "resource is required")]
    [InlineData("/warden/allowed", """{"subject":"s","action":"read","resource":"r","context":[1]}""", "context must be a JSON object")]
    [InlineData("/warden/allowed", """{"subject":"s","action":"read","resource":"r","token":"t"}""", "'token' is not a known field")]
    [InlineData("/warden/allowed", """[1]""", "must be a JSON object")]
    [InlineData("/warden/allowed", """{"subject":""", "not valid JSON")]
    [InlineData("/warden/token/allowed", """{"action":"read","resource":"r"}""", "token is required")]
    [InlineData("/warden/token/allowed", """{"token":"t","scopes":"a b","action":"read","resource":"r"}""", "scopes must be a list")]
    [InlineData("/warden/token/allowed", """{"token":1,"action":"read","resource":"r"}""", "token must be a non-empty string")]
    public async Task Warden_BadBody_Is400NamingTheField(string path, string body, string description)
    {
        var gateway = await GatewayAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = TollgateHost.Basic(gateway.Id, gateway.Secret);
        var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("invalid_request", error.Str("error"));
        Assert.Contains(description, error.Str("error_description"));
    }

    [Fact]
    public async Task Warden_FormBody_Is400_Get_Is405()
    {
        var gateway = await GatewayAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/warden/allowed") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["subject"] = "s" }) };
        request.Headers.Authorization = TollgateHost.Basic(gateway.Id, gateway.Secret);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await host.Http.GetAsync("/warden/token/allowed")).StatusCode);
    }

    [Fact]
    public async Task PoliciesFeed_IsConditional_AndChangesWithThePolicies()
    {
        var gateway = await GatewayAsync();
        HttpRequestMessage Poll(string? etag)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/policies");
            request.Headers.Authorization = TollgateHost.Basic(gateway.Id, gateway.Secret);
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            return request;
        }
        var first = await host.Http.SendAsync(Poll(null));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.NotModified, (await host.Http.SendAsync(Poll(etag))).StatusCode);

        var id = $"feed-{Guid.NewGuid():N}";
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new { id, subjects = new[] { "c" }, actions = new[] { "read" }, resources = new[] { "r" } });
        var changed = await host.Http.SendAsync(Poll(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        var policies = Tollgate.Authorizer.Policies.PolicyDocument.Parse(await changed.Content.ReadAsStringAsync());
        Assert.Contains(policies, p => p.Id == id);

        var plain = await host.CreateClientAsync(introspect: false);
        var refused = new HttpRequestMessage(HttpMethod.Get, "/policies");
        refused.Headers.Authorization = TollgateHost.Basic(plain.Id, plain.Secret);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Http.SendAsync(refused)).StatusCode);
    }
}
