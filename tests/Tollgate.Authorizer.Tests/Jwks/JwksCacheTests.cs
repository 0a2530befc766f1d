using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Core.Keys;

namespace Tollgate.Authorizer.Tests.Jwks;

public sealed class JwksCacheTests : IDisposable
{
    private const string IssuerUrl = "https://issuer.example";
    private static readonly SigningKey KeyA = SigningKey.Generate("ES256");
    private static readonly SigningKey KeyB = SigningKey.Generate("ES256");

    private readonly FakeTimeProvider _time = new(TestTime.Start);
    private readonly JwksCacheSettings _settings = new() { RefreshInterval = TimeSpan.FromMinutes(10), Cooldown = TimeSpan.FromSeconds(30) };
    private string[] _published = [KeyA.PublicJwk];
    private bool _down;
    private TaskCompletionSource? _gate;
    private readonly StubHandler _handler;
    private readonly HttpClient _http;

    public JwksCacheTests()
    {
        _handler = new StubHandler(async request =>
        {
            if (_gate is { } gate) await gate.Task;
            if (_down) throw new HttpRequestException("connection refused");
            return request.RequestUri!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => StubHandler.Json($"{{\"issuer\":\"{IssuerUrl}\",\"jwks_uri\":\"{IssuerUrl}/keys\"}}"),
                "/keys" => StubHandler.Json("{\"keys\":[" + string.Join(',', _published) + "]}"),
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            };
        });
        _http = new HttpClient(_handler);
    }

    public void Dispose() => _http.Dispose();

    private JwksCache NewCache(Uri? jwksUri = null) =>
        new(new JwksLocator(IssuerUrl, jwksUri, _http, TimeSpan.FromSeconds(5)), _http, _settings, _time, NullLogger.Instance);

    private int JwksFetches => _handler.Paths.Count(p => p == "/keys");

    [Fact]
    public async Task Find_KnownKidTwice_FetchesOnce()
    {
        var cache = NewCache();

        Assert.NotNull((await cache.FindAsync(KeyA.Kid, default)).Key);
        Assert.NotNull((await cache.FindAsync(KeyA.Kid, default)).Key);

        Assert.Equal(1, JwksFetches);
        Assert.Equal(["/.well-known/openid-configuration", "/keys"], _handler.Paths);
    }

    [Fact]
    public async Task Find_UnknownKid_RefetchesOnceThenCoolsDown()
    {
        var cache = NewCache();
        await cache.FindAsync(KeyA.Kid, default);
        _time.Advance(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 50; i++) Assert.Null((await cache.FindAsync("forged-" + i, default)).Key);

        Assert.Equal(2, JwksFetches);
        _time.Advance(TimeSpan.FromSeconds(31));
        await cache.FindAsync("forged-again", default);
        Assert.Equal(3, JwksFetches);
    }

    [Fact]
    public async Task Find_UnknownKidPublishedLater_FoundAfterRefetch()
    {
        var cache = NewCache();
        await cache.FindAsync(KeyA.Kid, default);
        _published = [KeyA.PublicJwk, KeyB.PublicJwk];
        _time.Advance(TimeSpan.FromSeconds(31));

        var lookup = await cache.FindAsync(KeyB.Kid, default);

        Assert.Equal(KeyB.Kid, lookup.Key?.Kid);
    }

    [Fact]
    public async Task Find_IssuerDown_LastKnownGoodKeysKeepWorking()
    {
        var cache = NewCache();
        var before = (await cache.FindAsync(KeyA.Kid, default)).Key;
        _down = true;
        _time.Advance(TimeSpan.FromHours(2)); // far past the refresh interval

        var during = await cache.FindAsync(KeyA.Kid, default);
        await WaitUntil(() => cache.FetchCount >= 2);
        var after = await cache.FindAsync(KeyA.Kid, default);

        Assert.Same(before, during.Key);
        Assert.Same(before, after.Key);
        Assert.False(before!.IsRetired);
    }

    [Fact]
    public async Task Find_IssuerDownFromStart_IsUnavailableAndCoolsDown()
    {
        _down = true;
        var cache = NewCache(new Uri(IssuerUrl + "/keys"));

        Assert.True((await cache.FindAsync(KeyA.Kid, default)).KeysUnavailable);
        Assert.True((await cache.FindAsync(KeyA.Kid, default)).KeysUnavailable);

        Assert.Equal(1, _handler.Calls);
    }

    [Fact]
    public async Task Find_ConcurrentFirstRequests_CollapseIntoOneFetch()
    {
        var cache = NewCache(new Uri(IssuerUrl + "/keys"));
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var lookups = Enumerable.Range(0, 64).Select(_ => Task.Run(() => cache.FindAsync(KeyA.Kid, default).AsTask())).ToArray();
        await WaitUntil(() => _handler.Calls >= 1);
        _gate.SetResult();
        var results = await Task.WhenAll(lookups);

        Assert.All(results, r => Assert.Equal(KeyA.Kid, r.Key?.Kid));
        Assert.Equal(1, _handler.Calls);
    }

    [Fact]
    public async Task Find_AfterRefreshInterval_RefreshesInBackgroundAndAnswersAtOnce()
    {
        var cache = NewCache();
        await cache.FindAsync(KeyA.Kid, default);
        _published = [KeyB.PublicJwk];
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _time.Advance(TimeSpan.FromMinutes(11));

        var during = cache.FindAsync(KeyA.Kid, default);

        Assert.True(during.IsCompletedSuccessfully); // served from the current keys while the refresh waits
        var oldKey = (await during).Key;
        Assert.NotNull(oldKey);
        _gate.SetResult();
        await WaitUntil(() => cache.Current?.Find(KeyB.Kid) is not null);
        Assert.True(oldKey.IsRetired);
    }

    [Fact]
    public async Task Find_NoOpenIdConfiguration_FallsBackToRfc8414Metadata()
    {
        var handler = new StubHandler(request => Task.FromResult(request.RequestUri!.AbsolutePath switch
        {
            "/.well-known/oauth-authorization-server/tenant" => StubHandler.Json($"{{\"issuer\":\"{IssuerUrl}/tenant\",\"jwks_uri\":\"{IssuerUrl}/tenant/keys\"}}"),
            "/tenant/keys" => StubHandler.Json("{\"keys\":[" + KeyA.PublicJwk + "]}"),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        }));
        using var http = new HttpClient(handler);
        var cache = new JwksCache(new JwksLocator(IssuerUrl + "/tenant", null, http, TimeSpan.FromSeconds(5)), http, _settings, _time, NullLogger.Instance);

        Assert.NotNull((await cache.FindAsync(KeyA.Kid, default)).Key);
        Assert.Equal(["/tenant/.well-known/openid-configuration", "/.well-known/oauth-authorization-server/tenant", "/tenant/keys"], handler.Paths);
    }

    [Fact]
    public async Task Find_DiscoveryNamesOtherIssuer_IsUnavailable()
    {
        var handler = new StubHandler(_ => Task.FromResult(StubHandler.Json("{\"issuer\":\"https://evil.example\",\"jwks_uri\":\"https://evil.example/keys\"}")));
        using var http = new HttpClient(handler);
        var cache = new JwksCache(new JwksLocator(IssuerUrl, null, http, TimeSpan.FromSeconds(5)), http, _settings, _time, NullLogger.Instance);

        Assert.True((await cache.FindAsync(KeyA.Kid, default)).KeysUnavailable);
        Assert.DoesNotContain("/keys", handler.Paths);
    }

    [Fact]
    public void Parse_UnusableKeys_AreSkippedWithNotes()
    {
        using var weak = System.Security.Cryptography.RSA.Create(1024);
        var p = weak.ExportParameters(false);
        var weakJwk = $"{{\"kty\":\"RSA\",\"kid\":\"weak\",\"n\":\"{System.Buffers.Text.Base64Url.EncodeToString(p.Modulus)}\",\"e\":\"AQAB\"}}";
        var json = "{\"keys\":[" + string.Join(',', KeyA.PublicJwk, weakJwk,
            "{\"kty\":\"oct\",\"kid\":\"sym\",\"k\":\"c2VjcmV0\"}",
            KeyB.PublicJwk.Replace("\"use\":\"sig\"", "\"use\":\"enc\"", StringComparison.Ordinal),
            "{\"kty\":\"EC\",\"kid\":\"bad\",\"crv\":\"P-256\",\"x\":\"AAAA\",\"y\":\"AAAA\"}") + "]}";

        var keys = JwksParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), out var skipped);

        Assert.Equal(1, keys.Count);
        Assert.NotNull(keys.Find(KeyA.Kid));
        Assert.Equal(4, skipped.Count);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
