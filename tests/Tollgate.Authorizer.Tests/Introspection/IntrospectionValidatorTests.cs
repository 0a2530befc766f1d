using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Core.Tokens;

namespace Tollgate.Authorizer.Tests.Introspection;

public sealed class IntrospectionValidatorTests : IDisposable
{
    private const string Url = "https://issuer.example/oauth2/introspect";
    private readonly FakeTimeProvider _time = new(TestTime.Start);
    private readonly List<(string Body, string? Authorization)> _requests = [];
    private Func<HttpResponseMessage> _answer;
    private readonly HttpClient _http;
    private readonly string _token = OpaqueToken.GenerateReference();

    public IntrospectionValidatorTests()
    {
        _answer = () => Active(TimeSpan.FromMinutes(30));
        _http = new HttpClient(new StubHandler(async request =>
        {
            var body = await request.Content!.ReadAsStringAsync();
            lock (_requests) _requests.Add((body, request.Headers.Authorization?.ToString()));
            return _answer();
        }));
    }

    public void Dispose() => _http.Dispose();

    private HttpResponseMessage Active(TimeSpan expiresIn) => StubHandler.Json($$"""
        {"active":true,"client_id":"reader","sub":"reader","scope":"read:contacts","aud":"https://api.contacts.example",
         "iss":"https://issuer.example","exp":{{(_time.GetUtcNow() + expiresIn).ToUnixTimeSeconds()}},
         "iat":{{_time.GetUtcNow().ToUnixTimeSeconds()}},"token_type":"Bearer","jti":"j-1"}
        """);

    private IntrospectionValidator NewValidator(TimeSpan? ttl = null, IReadOnlyList<string>? audiences = null) => new(new IntrospectionOptions
    {
        Url = Url, ClientId = "gateway", ClientSecret = "s3cret:&", CacheTtl = ttl ?? TimeSpan.FromSeconds(60),
        InactiveCacheTtl = TimeSpan.FromSeconds(10), Audiences = audiences ?? [],
    }, _http, _time, NullLogger.Instance);

    [Fact]
    public async Task Introspect_ActiveToken_IsValidWithClaims()
    {
        var result = await NewValidator().ValidateAsync(_token, default);

        Assert.True(result.IsValid);
        Assert.Equal("reader", result.Token!.Principal);
        Assert.Equal(["read:contacts"], result.Token.Scopes);
        Assert.Equal("j-1", result.Token.Jti);
    }

    [Fact]
    public async Task Introspect_DpopBoundToken_ExposesCnfJkt()
    {
        _answer = () => StubHandler.Json($$$"""
            {"active":true,"client_id":"reader","scope":"read:contacts","exp":{{{(_time.GetUtcNow() + TimeSpan.FromMinutes(5)).ToUnixTimeSeconds()}}},
             "token_type":"DPoP","cnf":{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}}
            """);

        var bound = await NewValidator().ValidateAsync(_token, default);
        var bearer = await NewValidator().ValidateAsync(OpaqueToken.GenerateReference(), default);

        Assert.Equal("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", bound.Token!.Jkt);
        Assert.Equal("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I", bearer.Token!.Jkt); // same stub answer: cnf is read from every answer
        _answer = () => Active(TimeSpan.FromMinutes(5));
        Assert.Null((await NewValidator().ValidateAsync(OpaqueToken.GenerateReference(), default)).Token!.Jkt);
    }

    [Fact]
    public async Task Introspect_Request_IsFormPostWithBasicClientCredentials()
    {
        await NewValidator().ValidateAsync(_token, default);

        var (body, authorization) = Assert.Single(_requests);
        Assert.Equal($"token={_token}&token_type_hint=access_token", body);
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes("gateway:s3cret%3A%26"));
        Assert.Equal("Basic " + expected, authorization);
    }

    [Fact]
    public async Task Introspect_InactiveToken_IsInactiveAndCachedBriefly()
    {
        _answer = () => StubHandler.Json("{\"active\":false}");
        var validator = NewValidator();

        Assert.Equal(ReasonCodes.Inactive, (await validator.ValidateAsync(_token, default)).Reason);
        Assert.Equal(ReasonCodes.Inactive, (await validator.ValidateAsync(_token, default)).Reason);
        Assert.Single(_requests);
        _time.Advance(TimeSpan.FromSeconds(11));
        await validator.ValidateAsync(_token, default);
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task Introspect_CachedAnswer_KeptForTtlThenAskedAgain()
    {
        var validator = NewValidator(ttl: TimeSpan.FromSeconds(60));
        await validator.ValidateAsync(_token, default);
        _time.Advance(TimeSpan.FromSeconds(59));
        await validator.ValidateAsync(_token, default);
        Assert.Single(_requests);

        _time.Advance(TimeSpan.FromSeconds(2));
        await validator.ValidateAsync(_token, default);

        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task Introspect_TokenExpiringBeforeTtl_NotServedFromCacheAfterExp()
    {
        _answer = () => Active(TimeSpan.FromSeconds(20));
        var validator = NewValidator(ttl: TimeSpan.FromMinutes(5));
        Assert.True((await validator.ValidateAsync(_token, default)).IsValid);
        _answer = () => StubHandler.Json("{\"active\":false}");

        _time.Advance(TimeSpan.FromSeconds(21));
        var after = await validator.ValidateAsync(_token, default);

        Assert.Equal(ReasonCodes.Inactive, after.Reason);
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task Introspect_DifferentTokens_AreCachedSeparately()
    {
        var validator = NewValidator();

        await validator.ValidateAsync(_token, default);
        await validator.ValidateAsync(OpaqueToken.GenerateReference(), default);

        Assert.Equal(2, _requests.Count);
    }

    public static TheoryData<string> Failures => new() { "network", "500", "401", "garbage", "array", "no-active", "string-active" };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Introspect_Failure_FailsClosedAndIsNotCached(string failure)
    {
        _answer = failure switch
        {
            "network" => () => throw new HttpRequestException("connection refused"),
            "500" => () => StubHandler.Json("{\"active\":true}", HttpStatusCode.InternalServerError),
            "401" => () => StubHandler.Json("{\"error\":\"invalid_client\"}", HttpStatusCode.Unauthorized),
            "garbage" => () => StubHandler.Json("<html>oops"),
            "array" => () => StubHandler.Json("[true]"),
            "no-active" => () => StubHandler.Json("{\"client_id\":\"reader\"}"),
            _ => () => StubHandler.Json("{\"active\":\"true\"}"),
        };
        var validator = NewValidator();

        var result = await validator.ValidateAsync(_token, default);
        _answer = () => Active(TimeSpan.FromMinutes(30));
        var retry = await validator.ValidateAsync(_token, default);

        Assert.Equal(ReasonCodes.IntrospectionFailed, result.Reason);
        Assert.True(retry.IsValid);
    }

    [Fact]
    public async Task Introspect_ActiveButForOtherAudience_IsWrongAudience()
    {
        var result = await NewValidator(audiences: ["https://api.other.example"]).ValidateAsync(_token, default);

        Assert.Equal(ReasonCodes.WrongAudience, result.Reason);
    }

    [Fact]
    public async Task Introspect_ActiveButExpPassed_IsExpired()
    {
        _answer = () => Active(TimeSpan.FromSeconds(-5));

        Assert.Equal(ReasonCodes.Expired, (await NewValidator().ValidateAsync(_token, default)).Reason);
    }

    [Fact]
    public async Task Introspect_ConcurrentSameToken_AsksOnce()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        using var http = new HttpClient(new StubHandler(async _ => { Interlocked.Increment(ref calls); await gate.Task; return Active(TimeSpan.FromMinutes(5)); }));
        var validator = new IntrospectionValidator(new IntrospectionOptions { Url = Url, ClientId = "g", ClientSecret = "s" }, http, _time, NullLogger.Instance);

        var all = Enumerable.Range(0, 20).Select(_ => validator.ValidateAsync(_token, default).AsTask()).ToArray();
        await Task.Delay(50);
        gate.SetResult();
        var results = await Task.WhenAll(all);

        Assert.All(results, r => Assert.True(r.IsValid));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void CacheKey_NeverContainsTheToken()
    {
        var key = IntrospectionCacheKey.For(new Uri(Url), _token);

        Assert.DoesNotContain(_token, key);
        Assert.DoesNotContain(_token[5..20], key);
        Assert.StartsWith(Url, key);
        Assert.NotEqual(key, IntrospectionCacheKey.For(new Uri(Url), OpaqueToken.GenerateReference()));
        Assert.NotEqual(key, IntrospectionCacheKey.For(new Uri("https://other.example/introspect"), _token));
    }
}
