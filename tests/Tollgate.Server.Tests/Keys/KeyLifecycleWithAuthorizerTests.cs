using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;
using Tollgate.Core.Keys;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Keys;

/// <summary>A real server on a loopback port whose ES256 keys rotate every two hours (pre-published one hour ahead).</summary>
public sealed class LifecycleHost() : TollgateHost(null)
{
    protected override bool UseKestrel => true;
    protected override void Configure(Dictionary<string, string?> settings) => settings["Tollgate:Keys:Periods:ES256"] = "02:00:00";
}

/// <summary>
/// A whole key lifecycle — published, signing, retired, unpublished — walked on the fake clock
/// while a running authorizer (the real engine, its JWKS cache fetching from the server over HTTP,
/// the same clock) decides on every token still valid at each step. It must never refuse one.
/// </summary>
public sealed class KeyLifecycleWithAuthorizerTests(LifecycleHost host) : IClassFixture<LifecycleHost>, IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PrePublish = KeySchedule.Default.PrePublish;
    private const int TokenLifetimeSeconds = 1800;

    private readonly List<(string Token, string Kid, DateTimeOffset Expires)> _issued = [];
    private readonly Dictionary<string, DateTimeOffset> _firstPublished = [];
    private readonly HashSet<string> _signed = [];
    private TollgateAuthorizer _authorizer = null!;
    private string _audience = "";
    private (string Id, string Secret) _client;

    public async Task InitializeAsync()
    {
        _audience = await host.CreateApiAsync(alg: "ES256", lifetime: TokenLifetimeSeconds);
        _client = await host.CreateClientAsync();
        await host.GrantAsync(_client.Id, _audience, "read:contacts");
        _authorizer = AuthorizerBuilder.Create(new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = host.Issuer, JwksUri = host.Issuer + "/.well-known/jwks.json", Audiences = [_audience] }],
            DefaultAction = DefaultAction.AllowAuthenticated,
            DecisionCacheSize = 0, // every decision verifies the signature against the JWKS cache as it is at that step
        }, host.Http, host.Time);
        Assert.True(await _authorizer.WarmUpAsync());
    }

    public async Task DisposeAsync() => await _authorizer.DisposeAsync();

    [Fact]
    public async Task ScheduledRotation_RunningAuthorizerNeverRefusesAValidToken()
    {
        var first = await CurrentKidAsync("ES256");

        await WalkUntilUnpublishedAsync(first, "ES256");
    }

    [Fact]
    public async Task ManualRotationThroughTheAdminApi_RunningAuthorizerNeverRefusesAValidToken()
    {
        // RS256 keeps its 30-day period here: only the administrator's rotation moves it.
        _audience = await host.CreateApiAsync(alg: "RS256", lifetime: TokenLifetimeSeconds);
        await host.GrantAsync(_client.Id, _audience, "read:contacts");
        await _authorizer.DisposeAsync();
        _authorizer = AuthorizerBuilder.Create(new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = host.Issuer, JwksUri = host.Issuer + "/.well-known/jwks.json", Audiences = [_audience] }],
            DefaultAction = DefaultAction.AllowAuthenticated,
            DecisionCacheSize = 0,
        }, host.Http, host.Time);
        Assert.True(await _authorizer.WarmUpAsync());
        var first = await CurrentKidAsync("RS256");

        await WalkUntilUnpublishedAsync(first, "RS256", async step =>
        {
            if (step != 2) return;
            var rotated = await host.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "RS256" });
            Assert.Equal("next", rotated.Str("status"));
        });
    }

    /// <summary>
    /// Steps the clock until <paramref name="first"/> has been succeeded and unpublished. At every
    /// step: the schedule runs (the server's background task), one current key, a token issued,
    /// every token still valid allowed, JWKS contents checked.
    /// </summary>
    private async Task WalkUntilUnpublishedAsync(string first, string alg, Func<int, Task>? atStep = null)
    {
        _signed.Add(first);
        // Keys published before this walk (a successor may be waiting already) were published when created.
        foreach (var key in await KeysAsync(alg))
            _firstPublished[key.Str("kid")] = DateTimeOffset.Parse(key.Str("created_at"), System.Globalization.CultureInfo.InvariantCulture);
        var maxSteps = (int)((TimeSpan.FromHours(4) + PrePublish) / Step);
        for (var step = 0; step < maxSteps; step++)
        {
            if (atStep is not null) await atStep(step);
            await host.Services.GetRequiredService<KeyManager>().RotateDueAsync(CancellationToken.None);
            var now = host.Time.GetUtcNow();

            Assert.Single(await KeysAsync(alg), k => k.Str("status") == "current");
            var published = await PublishedKidsAsync();
            foreach (var kid in published) _firstPublished.TryAdd(kid, now);

            var token = await host.TokenAsync(_client.Id, _client.Secret, _audience);
            var jwt = new JsonWebToken(token);
            Assert.Equal(await CurrentKidAsync(alg), jwt.Kid);
            if (_signed.Add(jwt.Kid))
            {
                // A new key signs: it was published at least the pre-publish interval before (to the step)
                // and the running authorizer's cache already holds it, without an unknown-kid refetch.
                Assert.True(now - _firstPublished[jwt.Kid] >= PrePublish - Step, $"{jwt.Kid} signs at {now:t}, published at {_firstPublished[jwt.Kid]:t}");
                Assert.NotNull(_authorizer.KeyCaches[0].Current?.Find(jwt.Kid));
            }
            _issued.Add((token, jwt.Kid, jwt.ValidTo));

            foreach (var (valid, kid, expires) in _issued.Where(t => t.Expires > now))
            {
                var decision = await _authorizer.DecideAsync(AuthorizationRequest.ForToken("Bearer " + valid, "GET", "/contacts"));
                Assert.True(decision.Kind == DecisionKind.Allow, $"step {step} ({now:t}): a token of {kid} valid until {expires:t} was refused: {decision.Reason}");
                Assert.Contains(kid, published); // a key stays published while a token it signed is valid
            }
            await _authorizer.KeyCaches[0].RefreshAsync(); // joins the background refresh a decision may have started

            if (!published.Contains(first))
            {
                Assert.True(_signed.Count >= 2, "the first key was unpublished before a successor signed");
                Assert.DoesNotContain(_issued, t => t.Kid == first && t.Expires > now);
                return;
            }
            host.Time.Advance(Step);
        }
        Assert.Fail($"{first} was still published after {maxSteps} steps");
    }

    private async Task<string> CurrentKidAsync(string alg) => Assert.Single(await KeysAsync(alg), k => k.Str("status") == "current").Str("kid");

    private async Task<List<JsonObject>> KeysAsync(string alg)
        => (await host.AdminOkAsync(HttpMethod.Get, "/admin/keys"))["items"]!.AsArray().Select(k => k!.AsObject()).Where(k => k.Str("alg") == alg).ToList();

    private async Task<HashSet<string>> PublishedKidsAsync()
        => JsonNode.Parse(await host.Http.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToHashSet();
}
