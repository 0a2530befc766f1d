using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;
using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Interop.Tests;

/// <summary>
/// The authorizer with the real server as its issuer and its revocation feed (polled every second
/// here): what the administrator revokes on the server is refused offline within the interval.
/// </summary>
[Collection(InteropCollection.Name)]
public sealed class RevocationFeedTests(InteropFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private TollgateAuthorizer _authorizer = null!;
    private string _adminToken = "";

    public async Task InitializeAsync()
    {
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = fixture.Server.Url, Audiences = [InteropFixture.Rs256Audience] }],
            DefaultAction = DefaultAction.AllowAuthenticated,
            RevocationFeed = new RevocationFeedOptions
            {
                Url = fixture.Server.Url + "/revocations", ClientId = fixture.Client.ClientId, ClientSecret = fixture.Client.ClientSecret, Interval = Interval,
            },
        };
        _authorizer = AuthorizerBuilder.Create(options, _http);
        if (!await _authorizer.WarmUpAsync()) throw new InvalidOperationException("the authorizer could not fetch keys or sync the revocation list");
        using var login = await fixture.Http.TokenAsync(new ClientCredentials(TollgateHttp.RootClientId, InteropFixture.RootSecret), audience: null);
        _adminToken = login.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await _authorizer.DisposeAsync();
        _http.Dispose();
    }

    private async Task<Decision> Decide(string token) => await _authorizer.DecideAsync(AuthorizationRequest.ForToken("Bearer " + token, "GET", "/contacts"));

    /// <summary>Decides again and again until the token is refused, or gives up after a few intervals.</summary>
    private async Task<(Decision Decision, TimeSpan After)> DecideUntilRefused(string token)
    {
        var clock = Stopwatch.StartNew();
        Decision decision;
        while ((decision = await Decide(token)).Kind == DecisionKind.Allow && clock.Elapsed < 3 * Interval + TimeSpan.FromSeconds(2)) await Task.Delay(50);
        return (decision, clock.Elapsed);
    }

    private async Task<(ClientCredentials Client, string GrantId)> NewClientAsync(string name)
    {
        var client = await fixture.Http.CreateClientAsync(name, "client_secret_basic", allowIntrospection: false);
        var grant = await fixture.Http.CreateGrantAsync(client.ClientId, InteropFixture.Rs256Audience, "read:contacts", "write:contacts");
        return (client, grant.GetProperty("id").GetString()!);
    }

    private async Task AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, fixture.Server.Url + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task RevokedToken_IsRefusedWithinTheIntervalAndOthersStayAllowed()
    {
        var token = await fixture.Http.AccessTokenAsync(fixture.Client, InteropFixture.Rs256Audience, "read:contacts");
        var other = await fixture.Http.AccessTokenAsync(fixture.Client, InteropFixture.Rs256Audience, "read:contacts");
        Assert.Equal(DecisionKind.Allow, (await Decide(token)).Kind);

        await fixture.Http.RevokeAsync(fixture.Client, token);
        var (decision, after) = await DecideUntilRefused(token);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.Revoked, decision.Reason);
        Assert.True(after <= 2 * Interval + TimeSpan.FromSeconds(2), $"refused after {after}"); // one interval plus a pull, with room for a loaded machine
        Assert.Equal(DecisionKind.Allow, (await Decide(other)).Kind);
    }

    [Fact]
    public async Task NarrowedGrant_RefusesOldTokensWithTheRemovedScopeAndAllowsNewOnes()
    {
        var (client, grantId) = await NewClientAsync("revfeed-narrowed");
        var oldWide = await fixture.Http.AccessTokenAsync(client, InteropFixture.Rs256Audience, "read:contacts write:contacts");
        var oldNarrow = await fixture.Http.AccessTokenAsync(client, InteropFixture.Rs256Audience, "read:contacts");
        Assert.Equal(DecisionKind.Allow, (await Decide(oldWide)).Kind);

        await AdminAsync(HttpMethod.Patch, $"/admin/grants/{grantId}", new { client_id = client.ClientId, audience = InteropFixture.Rs256Audience, scope = new[] { "read:contacts" } });
        var fresh = await fixture.Http.AccessTokenAsync(client, InteropFixture.Rs256Audience);
        var (decision, _) = await DecideUntilRefused(oldWide);

        Assert.Equal(ReasonCodes.Revoked, decision.Reason);
        Assert.Equal(DecisionKind.Allow, (await Decide(oldNarrow)).Kind);
        Assert.Equal(DecisionKind.Allow, (await Decide(fresh)).Kind);
    }

    [Fact]
    public async Task DeletedClient_ItsTokensAreRefused()
    {
        var (client, _) = await NewClientAsync("revfeed-deleted");
        var token = await fixture.Http.AccessTokenAsync(client, InteropFixture.Rs256Audience, "read:contacts");
        Assert.Equal(DecisionKind.Allow, (await Decide(token)).Kind);

        await AdminAsync(HttpMethod.Delete, $"/admin/clients/{client.ClientId}");
        var (decision, _) = await DecideUntilRefused(token);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.Revoked, decision.Reason);
    }
}
