using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Authorizer.TokenHandler;
using static Tollgate.Authorizer.Tests.TokenHandler.TokenHandlerTestKit;

namespace Tollgate.Authorizer.Tests.TokenHandler;

/// <summary>Cookies holding JWT access tokens (no phantom exchange), through the builder and a loopback issuer.</summary>
public sealed class OAuthProxyTests : IDisposable
{
    private readonly Issuer _issuer = new();
    private readonly ListLoggerFactory _logs = new();

    public void Dispose() => _issuer.Dispose();

    private TollgateAuthorizer Build(bool allowBearer = false) => new AuthorizerBuilder(new AuthorizerOptions
    {
        Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
        TokenHandler = Options(allowBearer: allowBearer),
    }).WithHttpClient(_issuer.Http).WithTimeProvider(_issuer.Time).WithLoggerFactory(_logs).WithRules(RuleSet).Build();

    private string Reader() => _issuer.Minter().MintAccessToken("read:contacts", "reader");
    private string Writer() => _issuer.Minter().MintAccessToken("write:contacts", "writer");

    private async Task<Decision> Decide(AuthorizationRequest request, bool allowBearer = false) => await Build(allowBearer).DecideAsync(request);

    [Fact]
    public async Task Cookie_ValidJwtOnGet_IsAllowedAndForwardsTheJwt()
    {
        var token = Reader();

        var decision = await Decide(Request("GET", "/contacts", token, csrfHeader: null, csrfCookie: null));

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal("reader", decision.Principal);
        Assert.Equal(token, decision.ForwardToken);
    }

    [Fact]
    public async Task Cookie_SameCookieTwice_IsAllowedBothTimesWithTheForwardedJwt()
    {
        var authorizer = Build();
        var token = Reader();
        var request = Request("GET", "/contacts", token);

        var first = await authorizer.DecideAsync(request);
        var second = await authorizer.DecideAsync(request);

        Assert.Equal(token, first.ForwardToken);
        Assert.Equal(token, second.ForwardToken);
    }

    [Fact]
    public async Task Cookie_ReaderPosts_IsForbiddenByTheRules()
    {
        var decision = await Decide(Request("POST", "/contacts", Reader()));

        Assert.Equal(DecisionKind.Forbidden, decision.Kind);
        Assert.Equal(ReasonCodes.InsufficientScope, decision.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example.com")]
    [InlineData("https://APP.example.com")]
    [InlineData("HTTPS://app.example.com")]
    [InlineData("https://app.example.com/")]
    [InlineData("https://app.example.com:443")]
    [InlineData("null")]
    public async Task Origin_MissingOrNotExactlyTrusted_IsUnauthorizedUntrustedOrigin(string? origin)
    {
        var decision = await Decide(Request("GET", "/contacts", Reader(), origin: origin));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.UntrustedOrigin, decision.Reason);
        Assert.Null(decision.ForwardToken);
    }

    [Fact]
    public async Task Origin_SecondTrustedOrigin_IsAllowed() =>
        Assert.Equal(DecisionKind.Allow, (await Decide(Request("GET", "/contacts", Reader(), origin: "http://localhost:3000"))).Kind);

    [Fact]
    public async Task Cookie_Missing_IsUnauthorizedMissingToken()
    {
        var decision = await Decide(Request("GET", "/contacts", token: null));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.MissingToken, decision.Reason);
    }

    [Theory]
    [InlineData("not-a-cookie")]
    [InlineData("AUixxnN28w2MjVK7sMZ3GqErPlw15NwIng-V8amEv5eu43Wr1nzhif1hU2QpKbw_L55GVxD0Kz4gKVG539ywk6h")]
    [InlineData("")]
    public async Task Cookie_DoesNotDecryptToAToken_IsUnauthorizedInvalidCookieAndNotLogged(string raw)
    {
        var decision = await Decide(Request("GET", "/contacts", null, rawAccessCookie: raw));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.InvalidCookie, decision.Reason);
        if (raw.Length > 0) Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains(raw, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cookie_UnderAnotherKey_IsUnauthorizedInvalidCookie()
    {
        var other = CookieEncryption.Encrypt(Reader(), new string('a', 64));

        Assert.Equal(ReasonCodes.InvalidCookie, (await Decide(Request("GET", "/contacts", null, rawAccessCookie: other))).Reason);
    }

    [Fact]
    public async Task Cookie_SentTwice_IsUnauthorizedInvalidCookie()
    {
        var request = Request("GET", "/contacts", Reader(), extraCookies: $"{Prefix}-at={Encrypt(Writer())}");

        Assert.Equal(ReasonCodes.InvalidCookie, (await Decide(request)).Reason);
    }

    [Fact]
    public async Task Cookie_ForgedJwtInside_IsUnauthorizedBySignature()
    {
        var forged = TokenMinterForgery(Reader());

        Assert.Equal(ReasonCodes.BadSignature, (await Decide(Request("GET", "/contacts", forged))).Reason);
    }

    private static string TokenMinterForgery(string jwt) => jwt[..^4] + (jwt[^4] == 'A' ? "B" : "A") + jwt[^3..];

    [Theory]
    [InlineData("POST", "/contacts")]
    [InlineData("DELETE", "/contacts/1")]
    [InlineData("PUT", "/contacts/1")]
    [InlineData("PATCH", "/contacts/1")]
    [InlineData("PROPFIND", "/contacts")]
    public async Task Csrf_HeaderMissingOnDataChange_IsUnauthorizedCsrfFailed(string method, string path)
    {
        var decision = await Decide(Request(method, path, Writer(), csrfHeader: null));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.CsrfFailed, decision.Reason);
    }

    [Fact]
    public async Task Csrf_WrongHeader_IsUnauthorizedCsrfFailed() =>
        Assert.Equal(ReasonCodes.CsrfFailed, (await Decide(Request("POST", "/contacts", Writer(), csrfHeader: Csrf + "x"))).Reason);

    [Fact]
    public async Task Csrf_CookieMissing_IsUnauthorizedCsrfFailed() =>
        Assert.Equal(ReasonCodes.CsrfFailed, (await Decide(Request("POST", "/contacts", Writer(), csrfCookie: null))).Reason);

    [Fact]
    public async Task Csrf_HeaderEqualsTheEncryptedCookieInsteadOfItsPlaintext_IsUnauthorized()
    {
        var encrypted = Encrypt(Csrf);
        var request = Request("POST", "/contacts", Writer(), csrfHeader: encrypted, csrfCookie: null, extraCookies: $"{Prefix}-csrf={encrypted}");

        Assert.Equal(ReasonCodes.CsrfFailed, (await Decide(request)).Reason);
    }

    [Fact]
    public async Task Csrf_RightHeaderOnPost_IsAllowedAndForwardsTheJwt()
    {
        var token = Writer();

        var decision = await Decide(Request("POST", "/contacts", token));

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal(token, decision.ForwardToken);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public async Task Csrf_SafeMethodWithoutCsrf_IsNotRefusedForCsrf(string method)
    {
        var decision = await Decide(Request(method, "/contacts", Reader(), csrfHeader: null, csrfCookie: null));

        Assert.NotEqual(ReasonCodes.CsrfFailed, decision.Reason);
        Assert.NotEqual(DecisionKind.Unauthorized, decision.Kind);
    }

    [Fact]
    public async Task Bearer_WhenNotAllowed_IsIgnoredAndCookieRulesApply()
    {
        var decision = await Decide(Request("GET", "/contacts", null, origin: null, csrfCookie: null, authorization: "Bearer " + Reader()));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.UntrustedOrigin, decision.Reason);
    }

    [Fact]
    public async Task Bearer_WhenAllowed_IsValidatedByBearerRulesAndNotForwarded()
    {
        var decision = await Decide(Request("GET", "/contacts", null, origin: null, csrfCookie: null, authorization: "Bearer " + Reader()), allowBearer: true);

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal("reader", decision.Principal);
        Assert.Null(decision.ForwardToken);
    }

    [Fact]
    public async Task Bearer_WhenAllowedButForged_IsUnauthorized()
    {
        var decision = await Decide(Request("GET", "/contacts", null, origin: null, authorization: "Bearer " + TokenMinterForgery(Reader())), allowBearer: true);

        Assert.Equal(ReasonCodes.BadSignature, decision.Reason);
    }

    [Fact]
    public async Task Bearer_WhenAllowedAndAbsent_CookieRulesApply()
    {
        var token = Reader();

        var decision = await Decide(Request("GET", "/contacts", token), allowBearer: true);

        Assert.Equal(token, decision.ForwardToken);
    }
}
