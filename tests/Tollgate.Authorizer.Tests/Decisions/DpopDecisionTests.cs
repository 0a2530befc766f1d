using System.Text.Json.Nodes;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Dpop;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Tests.Dpop;

namespace Tollgate.Authorizer.Tests.Decisions;

/// <summary>
/// RFC 9449 §7 at the authorizer, through the builder and a loopback issuer: a DPoP-bound JWT is
/// allowed only with the DPoP scheme and one valid proof by its key for this method, URL and token.
/// </summary>
public sealed class DpopDecisionTests : IDisposable
{
    private const string Url = "https://api.contacts.example/contacts/42";
    private const string Rules = """
        rules:
          - route: GET /contacts/{id}
            any: [read:contacts]
        """;

    private readonly Issuer _issuer = new();
    private readonly DpopKey _key = DpopKey.Es256();
    private readonly DpopKey _otherKey = DpopKey.Es256();
    private readonly ListLoggerFactory _logs = new();
    private TollgateAuthorizer _authorizer;

    public DpopDecisionTests() => _authorizer = Build(Rules);

    private TollgateAuthorizer Build(string rules, int decisionCacheSize = 10_000) =>
        new AuthorizerBuilder(new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
            DecisionCacheSize = decisionCacheSize,
        }).WithHttpClient(_issuer.Http).WithTimeProvider(_issuer.Time).WithLoggerFactory(_logs).WithRules(RouteRulesFile.ParseYaml(rules)).Build();

    public void Dispose()
    {
        _issuer.Dispose();
        _key.Dispose();
        _otherKey.Dispose();
    }

    private DateTimeOffset Now => _issuer.Time.GetUtcNow();

    private string BoundToken(DpopKey key) =>
        _issuer.Minter().Mint(edit: c => c["cnf"] = new Dictionary<string, string> { ["jkt"] = key.Thumbprint() });

    private string BearerToken() => _issuer.Minter().MintAccessToken();

    private ValueTask<Decision> Decide(string authorization, params string[] proofs) => DecideAt("GET", Url, authorization, proofs);

    private ValueTask<Decision> DecideAt(string method, string? url, string authorization, params string[] proofs)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = authorization };
        // Several DPoP headers reach the engine as adapters join them: comma-separated.
        if (proofs.Length > 0) headers["DPoP"] = string.Join(", ", proofs);
        return _authorizer.DecideAsync(new AuthorizationRequest { Method = method, Path = "/contacts/42", Url = url, Headers = headers });
    }

    [Fact]
    public async Task Decide_BoundTokenWithValidProof_IsAllowed()
    {
        var token = BoundToken(_key);

        var decision = await Decide("DPoP " + token, _key.Proof("GET", Url, Now, token));

        Assert.Equal(DecisionKind.Allow, decision.Kind);
        Assert.Equal("reader", decision.Principal);
    }

    [Fact]
    public async Task Decide_SchemeInAnyCaseAndRsaProofKey_IsAllowed()
    {
        using var rsa = DpopKey.Rs256();
        var token = BoundToken(rsa);

        var decision = await Decide("dpop " + token, rsa.Proof("GET", Url, Now, token));

        Assert.Equal(DecisionKind.Allow, decision.Kind);
    }

    [Fact]
    public async Task Decide_ProofForTheUrlWithQueryAndDefaultPort_IsAllowed()
    {
        var token = BoundToken(_key);

        // htu ignores the query; the request URL's default port and host case are normalized.
        var decision = await DecideAt("GET", "https://API.contacts.example:443/contacts/42?x=1", "DPoP " + token,
            _key.Proof("GET", "https://api.contacts.example/contacts/42", Now, token));

        Assert.Equal(DecisionKind.Allow, decision.Kind);
    }

    public sealed record BadProof(string Name, Func<DpopDecisionTests, string, string> Proof, string LogDetail)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<BadProof> BadProofs => new()
    {
        new("wrong htm", (t, token) => t._key.Proof("POST", Url, t.Now, token), "htm does not match"),
        new("wrong htu", (t, token) => t._key.Proof("GET", "https://api.contacts.example/contacts/43", t.Now, token), "htu does not match"),
        new("wrong htu host", (t, token) => t._key.Proof("GET", "https://other.example/contacts/42", t.Now, token), "htu does not match"),
        new("stale iat", (t, token) => t._key.Proof("GET", Url, t.Now.AddMinutes(-2), token), "iat is older"),
        new("iat in the future", (t, token) => t._key.Proof("GET", Url, t.Now.AddMinutes(1), token), "iat is in the future"),
        new("wrong key", (t, token) => t._otherKey.Proof("GET", Url, t.Now, token), "not the key the token is bound to"),
        new("missing ath", (t, _) => t._key.Proof("GET", Url, t.Now), "no ath"),
        new("wrong ath", (t, token) => t._key.Proof("GET", Url, t.Now, token, editClaims: c => c["ath"] = DpopKey.Ath(token + "x")), "ath is not the hash"),
        new("wrong typ", (t, token) => t._key.Proof("GET", Url, t.Now, token, editHeader: h => h["typ"] = "JWT"), "typ must be"),
        new("bad signature", (t, token) => t._key.Proof("GET", Url, t.Now, token)[..^4] + "AAAA", "signature does not verify"),
        new("not a JWT", (_, _) => "not-a-proof", "not a compact JWS"),
    };

    [Theory]
    [MemberData(nameof(BadProofs))]
    public async Task Decide_BoundTokenWithBadProof_IsUnauthorizedInvalidDpopProof(BadProof bad)
    {
        var token = BoundToken(_key);

        var decision = await Decide("DPoP " + token, bad.Proof(this, token));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.InvalidDpopProof, decision.Reason);
        Assert.Contains(_logs.Lines, l => l.Message.Contains(ReasonCodes.InvalidDpopProof) && l.Message.Contains(bad.LogDetail));
    }

    [Fact]
    public async Task Decide_ReplayedProof_IsRefusedTheSecondTime()
    {
        var token = BoundToken(_key);
        var proof = _key.Proof("GET", Url, Now, token);

        var first = await Decide("DPoP " + token, proof);
        var replay = await Decide("DPoP " + token, proof);

        Assert.Equal(DecisionKind.Allow, first.Kind);
        Assert.Equal(ReasonCodes.InvalidDpopProof, replay.Reason);
        Assert.Contains(_logs.Lines, l => l.Message.Contains("replay"));
    }

    [Fact]
    public async Task Decide_CachedBoundToken_StillNeedsAFreshProofEachRequest()
    {
        var token = BoundToken(_key);

        var first = await Decide("DPoP " + token, _key.Proof("GET", Url, Now, token));
        var second = await Decide("DPoP " + token, _key.Proof("GET", Url, Now, token));
        var noProof = await Decide("DPoP " + token);

        Assert.Equal(DecisionKind.Allow, first.Kind);
        Assert.Equal(DecisionKind.Allow, second.Kind);
        Assert.Equal(ReasonCodes.InvalidDpopProof, noProof.Reason);
    }

    [Fact]
    public async Task Decide_TwoDpopHeaders_IsInvalidDpopProof()
    {
        var token = BoundToken(_key);

        var decision = await Decide("DPoP " + token, _key.Proof("GET", Url, Now, token), _key.Proof("GET", Url, Now, token));

        Assert.Equal(ReasonCodes.InvalidDpopProof, decision.Reason);
        Assert.Contains(_logs.Lines, l => l.Message.Contains("more than one DPoP header"));
    }

    [Fact]
    public async Task Decide_NoRequestUrl_IsInvalidDpopProof()
    {
        var token = BoundToken(_key);

        var decision = await DecideAt("GET", null, "DPoP " + token, _key.Proof("GET", Url, Now, token));

        Assert.Equal(ReasonCodes.InvalidDpopProof, decision.Reason);
    }

    [Fact]
    public async Task Decide_BoundTokenSentAsBearer_IsDpopRequired()
    {
        var token = BoundToken(_key);

        var withProof = await Decide("Bearer " + token, _key.Proof("GET", Url, Now, token));
        var bare = await _authorizer.DecideAsync(AuthorizationRequest.ForToken(token, "GET", "/contacts/42"));

        Assert.Equal(DecisionKind.Unauthorized, withProof.Kind);
        Assert.Equal(ReasonCodes.DpopRequired, withProof.Reason);
        Assert.Equal(ReasonCodes.DpopRequired, bare.Reason);
    }

    [Fact]
    public async Task Decide_UnboundTokenWithDpopScheme_IsTokenNotBound()
    {
        var token = BearerToken();

        var decision = await Decide("DPoP " + token, _key.Proof("GET", Url, Now, token));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.TokenNotBound, decision.Reason);
    }

    [Fact]
    public async Task Decide_UnboundBearerToken_IsAllowedAsBefore()
    {
        var decision = await Decide("Bearer " + BearerToken());

        Assert.Equal(DecisionKind.Allow, decision.Kind);
    }

    [Fact]
    public async Task Decide_ApiRequiringDpop_RefusesUnboundTokensAndAllowsBoundOnes()
    {
        _authorizer = Build(Rules + "\nrequire_dpop: true\n");
        var bound = BoundToken(_key);

        var unbound = await Decide("Bearer " + BearerToken());
        var allowed = await Decide("DPoP " + bound, _key.Proof("GET", Url, Now, bound));

        Assert.Equal(ReasonCodes.TokenNotBound, unbound.Reason);
        Assert.Equal(DecisionKind.Allow, allowed.Kind);
    }

    [Fact]
    public async Task Decide_BoundTokenWithoutDecisionCache_IsCheckedTheSameWay()
    {
        _authorizer = Build(Rules, decisionCacheSize: 0);
        var token = BoundToken(_key);

        var allowed = await Decide("DPoP " + token, _key.Proof("GET", Url, Now, token));
        var bearer = await Decide("Bearer " + token);

        Assert.Equal(DecisionKind.Allow, allowed.Kind);
        Assert.Equal(ReasonCodes.DpopRequired, bearer.Reason);
    }

    [Fact]
    public async Task Decide_CnfThatIsNotAnObject_IsMalformed()
    {
        var token = _issuer.Minter().Mint(edit: c => c["cnf"] = "jkt");

        var decision = await Decide("DPoP " + token, _key.Proof("GET", Url, Now, token));

        Assert.Equal(ReasonCodes.MalformedToken, decision.Reason);
    }

    [Theory]
    [InlineData(ReasonCodes.InvalidDpopProof, "DPoP error=\"invalid_dpop_proof\", algs=\"ES256 ES384 ES512 RS256 PS256\"")]
    [InlineData(ReasonCodes.DpopRequired, "DPoP error=\"invalid_token\", error_description=\"dpop_required\", algs=\"ES256 ES384 ES512 RS256 PS256\"")]
    [InlineData(ReasonCodes.TokenNotBound, "DPoP error=\"invalid_token\", error_description=\"token_not_bound\", algs=\"ES256 ES384 ES512 RS256 PS256\"")]
    public void Challenge_DpopReasons_AreRfc9449Challenges(string reason, string expected)
    {
        Assert.True(DpopChallenge.Applies(reason));
        Assert.Equal(expected, DpopChallenge.For(reason));
        Assert.False(DpopChallenge.Applies(ReasonCodes.Expired));
    }
}
