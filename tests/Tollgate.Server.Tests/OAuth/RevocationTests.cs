using System.Net;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.OAuth;

public sealed class RevocationTests_InProcess(InProcessHost host) : RevocationTests<InProcessHost>(host);
public sealed class RevocationTests_Kestrel(KestrelHost host) : RevocationTests<KestrelHost>(host);
public sealed class RevocationTests_Postgres(PostgresHost host) : RevocationTests<PostgresHost>(host);

/// <summary>POST /oauth2/revoke (RFC 7009).</summary>
public abstract class RevocationTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    private async Task<(string Token, (string Id, string Secret) Client, (string Id, string Secret) Resource)> IssueAsync(string format)
    {
        var audience = await host.CreateApiAsync(format);
        var client = await host.CreateClientAsync();
        await host.GrantAsync(client.Id, audience, "read:contacts");
        return (await host.TokenAsync(client.Id, client.Secret, audience), client, await host.CreateClientAsync(introspect: true));
    }

    private Task<HttpResponseMessage> RevokeAsync(string token, (string Id, string Secret) client)
        => host.Http.SendAsync(TollgateHost.TokenRequest(client.Id, client.Secret, new() { ["token"] = token, ["token_type_hint"] = "access_token" }, "/oauth2/revoke"));

    [Theory]
    [InlineData("opaque")]
    [InlineData("jwt")]
    public async Task Revoke_OwnToken_IsInactiveAtOnce(string format)
    {
        var (token, client, resource) = await IssueAsync(format);
        Assert.True((await host.IntrospectAsync(token, resource.Id, resource.Secret))["active"]!.GetValue<bool>());

        var response = await RevokeAsync(token, client);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.False((await host.IntrospectAsync(token, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Revoke_AnotherClientsToken_Is200AndChangesNothing()
    {
        var (token, _, resource) = await IssueAsync("opaque");
        var stranger = await host.CreateClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync(token, stranger)).StatusCode);
        Assert.True((await host.IntrospectAsync(token, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Revoke_UnknownToken_Is200()
    {
        var (_, client, _) = await IssueAsync("jwt");
        Assert.Equal(HttpStatusCode.OK, (await RevokeAsync("not-a-token", client)).StatusCode);
    }

    [Fact]
    public async Task Revoke_WithoutClientAuthentication_Is401()
    {
        var (token, _, resource) = await IssueAsync("opaque");
        var response = await host.Http.PostAsync("/oauth2/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.JsonAsync()).Str("error"));
        Assert.True((await host.IntrospectAsync(token, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Revoke_MissingToken_IsInvalidRequest()
    {
        var (_, client, _) = await IssueAsync("jwt");
        var response = await host.Http.SendAsync(TollgateHost.TokenRequest(client.Id, client.Secret, new() { ["token_type_hint"] = "access_token" }, "/oauth2/revoke"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.JsonAsync()).Str("error"));
    }
}
