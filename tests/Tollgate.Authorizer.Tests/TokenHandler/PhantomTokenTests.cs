using System.Text;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Core.Introspection;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;
using static Tollgate.Authorizer.Tests.TokenHandler.TokenHandlerTestKit;

namespace Tollgate.Authorizer.Tests.TokenHandler;

/// <summary>Cookies holding opaque tokens, exchanged for JWTs at a loopback introspection endpoint.</summary>
public sealed class PhantomTokenTests : IDisposable
{
    private const string GatewayClient = "gateway";
    private const string GatewaySecret = "gw-secret:&";
    private readonly Issuer _issuer = new();
    private readonly ListLoggerFactory _logs = new();
    private readonly FakeIntrospectionServer _introspection;
    private readonly string _opaque = OpaqueToken.GenerateReference();
    private TimeSpan _tokenLifetime = TimeSpan.FromMinutes(30);
    private bool _active = true;

    public PhantomTokenTests()
    {
        _introspection = new FakeIntrospectionServer(_ => Rfc9701());
    }

    public void Dispose()
    {
        _introspection.Dispose();
        _issuer.Dispose();
    }

    private DateTimeOffset Now => _issuer.Time.GetUtcNow();

    private AccessTokenClaims Claims(string audience = Issuer.Audience) =>
        new(_issuer.Server.Issuer, "spa-client", audience, "read:contacts write:contacts", Now, Now + _tokenLifetime, "jti-opaque-1");

    /// <summary>Tollgate's answer: an RFC 9701 signed introspection response addressed to the gateway client.</summary>
    private IntrospectionAnswer Rfc9701(SigningKey? key = null, string requester = GatewayClient, string audience = Issuer.Audience) =>
        new(200, "application/token-introspection+jwt",
            IntrospectionJwt.Write(key ?? _issuer.Rsa, _issuer.Server.Issuer, requester, Now, _active ? Claims(audience) : null));

    private TollgateAuthorizer Build(TimeSpan? timeout = null) => new AuthorizerBuilder(new AuthorizerOptions
    {
        Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
        Introspection = new IntrospectionOptions { Url = _introspection.Url, ClientId = GatewayClient, ClientSecret = GatewaySecret, CacheTtl = TimeSpan.FromMinutes(5) },
        TokenHandler = Options(phantom: true),
        HttpTimeout = timeout ?? TimeSpan.FromSeconds(5),
    }).WithHttpClient(_issuer.Http).WithTimeProvider(_issuer.Time).WithLoggerFactory(_logs).WithRules(RuleSet).Build();

    private Task<Decision> Get(TollgateAuthorizer authorizer) => authorizer.DecideAsync(Request("GET", "/contacts", _opaque)).AsTask();

    [Fact]
    public async Task Exchange_ActiveRfc9701Answer_IsAllowedAndForwardsThatJwt()
    {
        string? sent = null;
        _introspection.Answer = _ => { var a = Rfc9701(); sent = a.Body; return a; };

        var decision = await Get(Build());

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal("spa-client", decision.Principal);
        Assert.Equal(["read:contacts", "write:contacts"], decision.Scopes);
        Assert.Equal(sent, decision.ForwardToken);
        Assert.NotEqual(_opaque, decision.ForwardToken);
    }

    [Fact]
    public async Task Exchange_Request_AsksForAJwtWithBasicClientCredentials()
    {
        await Get(Build());

        var call = Assert.Single(_introspection.Calls);
        Assert.Equal("application/jwt", call.Accept);
        Assert.Equal($"token={_opaque}&token_type_hint=access_token", call.Body);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("gateway:gw-secret%3A%26")), call.Authorization);
    }

    [Fact]
    public async Task Exchange_CurityStyleAccessTokenJwt_IsValidatedAsAnAccessTokenAndForwarded()
    {
        var jwt = _issuer.Minter().MintAccessToken("read:contacts", "spa-client");
        _introspection.Answer = _ => new IntrospectionAnswer(200, "application/jwt", jwt);

        var decision = await Get(Build());

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal(jwt, decision.ForwardToken);
    }

    [Fact]
    public async Task Exchange_InactiveRfc9701Answer_IsUnauthorizedInactive()
    {
        _active = false;

        var decision = await Get(Build());

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.Inactive, decision.Reason);
    }

    [Fact]
    public async Task Exchange_204NoContent_IsUnauthorizedInactive()
    {
        _introspection.Answer = _ => new IntrospectionAnswer(204, "text/plain", "");

        Assert.Equal(ReasonCodes.Inactive, (await Get(Build())).Reason);
    }

    [Theory]
    [InlineData(500, "application/jwt", "oops")]
    [InlineData(401, "application/json", "{\"error\":\"invalid_client\"}")]
    [InlineData(200, "application/jwt", "not a jwt at all")]
    [InlineData(200, "application/jwt", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0.")]
    [InlineData(200, "application/json", "{\"active\":true,\"client_id\":\"spa-client\",\"scope\":\"write:contacts\"}")]
    public async Task Exchange_ErrorOrGarbage_FailsClosedWithIntrospectionFailedAndLogs(int status, string contentType, string body)
    {
        _introspection.Answer = _ => new IntrospectionAnswer(status, contentType, body);

        var decision = await Get(Build());

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.IntrospectionFailed, decision.Reason);
        Assert.Null(decision.ForwardToken);
        Assert.Contains(_logs.Lines, l => l.Id.Id == LogEvents.IntrospectionFailed);
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains(_opaque, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exchange_EndpointTooSlow_FailsClosedAfterTheTimeout()
    {
        _introspection.Answer = _ => Rfc9701() with { Delay = TimeSpan.FromSeconds(5) };

        var decision = await Get(Build(timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal(ReasonCodes.IntrospectionFailed, decision.Reason);
    }

    [Fact]
    public async Task Exchange_EndpointDown_FailsClosed()
    {
        var authorizer = Build();
        _introspection.Dispose();

        Assert.Equal(ReasonCodes.IntrospectionFailed, (await Get(authorizer)).Reason);
    }

    [Fact]
    public async Task Exchange_AnswerSignedByAnUnpublishedKey_FailsClosed()
    {
        var stranger = SigningKey.Generate("RS256");
        _introspection.Answer = _ => Rfc9701(stranger);

        Assert.Equal(ReasonCodes.IntrospectionFailed, (await Get(Build())).Reason);
    }

    [Fact]
    public async Task Exchange_AnswerAddressedToAnotherClient_FailsClosed()
    {
        _introspection.Answer = _ => Rfc9701(requester: "someone-else");

        Assert.Equal(ReasonCodes.IntrospectionFailed, (await Get(Build())).Reason);
    }

    [Fact]
    public async Task Exchange_TokenForAnotherApi_IsUnauthorizedWrongAudience()
    {
        _introspection.Answer = _ => Rfc9701(audience: "https://other.api.example");

        Assert.Equal(ReasonCodes.WrongAudience, (await Get(Build())).Reason);
    }

    [Fact]
    public async Task Exchange_SameCookieAgain_IsAnsweredFromTheCache()
    {
        var authorizer = Build();

        var first = await Get(authorizer);
        var second = await Get(authorizer);

        Assert.Equal(DecisionKind.Allow, second.Kind);
        Assert.Equal(first.ForwardToken, second.ForwardToken);
        Assert.Equal(1, _introspection.CallCount);
    }

    [Fact]
    public async Task Exchange_CachedAnswer_IsNotKeptPastTheTokensExp()
    {
        _tokenLifetime = TimeSpan.FromSeconds(20);
        var authorizer = Build();
        await Get(authorizer);
        _issuer.Time.Advance(TimeSpan.FromSeconds(15));
        await Get(authorizer);
        Assert.Equal(1, _introspection.CallCount);

        _issuer.Time.Advance(TimeSpan.FromSeconds(6));
        _active = false;
        var after = await Get(authorizer);

        Assert.Equal(2, _introspection.CallCount);
        Assert.Equal(DecisionKind.Unauthorized, after.Kind);
    }

    [Fact]
    public async Task Exchange_Failure_IsNotCached()
    {
        _introspection.Answer = _ => new IntrospectionAnswer(500, "text/plain", "down");
        var authorizer = Build();
        Assert.Equal(ReasonCodes.IntrospectionFailed, (await Get(authorizer)).Reason);

        _introspection.Answer = _ => Rfc9701();
        var decision = await Get(authorizer);

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal(2, _introspection.CallCount);
    }

    [Fact]
    public async Task Exchange_ConcurrentRequestsForOneToken_SendOneExchange()
    {
        _introspection.Answer = _ => Rfc9701() with { Delay = TimeSpan.FromMilliseconds(200) };
        var authorizer = Build();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Get(authorizer)));

        Assert.All(decisions, d => Assert.Equal(DecisionKind.Allow, d.Kind));
        Assert.Equal(1, _introspection.CallCount);
    }
}
