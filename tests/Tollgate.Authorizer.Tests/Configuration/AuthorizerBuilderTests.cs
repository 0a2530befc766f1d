using System.Net;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;
using Tollgate.Authorizer.Validation;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Authorizer.Tests.Configuration;

public sealed class AuthorizerBuilderTests : IDisposable
{
    private readonly Issuer _issuer = new();

    public void Dispose() => _issuer.Dispose();

    [Fact]
    public void Validate_DefaultOptions_NeedAnIssuer() =>
        Assert.Contains(new AuthorizerOptions().Validate(), e => e.StartsWith("Issuers:", StringComparison.Ordinal));

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = "http://issuer.example" }, new IssuerOptions { Issuer = "not a url", JwksUri = "ftp://x" }],
            Algorithms = ["RS256", "HS256", "none", "XS1"],
            ClockSkew = TimeSpan.FromHours(1),
            TokenHeader = "",
            MaxTokenLength = 10,
            DecisionCacheSize = -1,
            RulesFile = "/nonexistent/rules.yaml",
            Introspection = new IntrospectionOptions { Url = "https://issuer.example/oauth2/introspect", ClientId = "", ClientSecret = "" },
        };

        var errors = options.Validate();

        string[] expected =
        [
            "Issuers[0].Issuer", "Issuers[0].Audiences", "Issuers[1].Issuer", "Issuers[1].JwksUri", "Issuers[1].Audiences",
            "Algorithms: 'HS256'", "Algorithms: 'none'", "Algorithms: 'XS1'", "ClockSkew", "TokenHeader", "MaxTokenLength",
            "DecisionCacheSize", "RulesFile", "Introspection.ClientId", "Introspection.ClientSecret",
        ];
        Assert.Equal(expected.Length, errors.Count);
        foreach (var prefix in expected) Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Contains("never allowed", errors.Single(e => e.StartsWith("Algorithms: 'HS256'", StringComparison.Ordinal)));
    }

    [Fact]
    public void Build_InvalidOptionsOrRules_ThrowsWithEveryError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"rules\":[{\"route\":\"GET nope\"}]}");
        try
        {
            var options = new AuthorizerOptions { Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer }], RulesFile = path };

            var ex = Assert.Throws<AuthorizerOptionsException>(() => new AuthorizerBuilder(options).Build());

            Assert.Contains(ex.Errors, e => e.StartsWith("Issuers[0].Audiences", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.StartsWith("HttpClient", StringComparison.Ordinal));
            Assert.Contains(ex.Errors, e => e.StartsWith("Rules: rules[0]", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Create_FromOptionsWithRulesFileAndJwksUri_DecidesJwtRequests()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"rules\":[{\"route\":\"GET /contacts\",\"all\":[\"read:contacts\"]}]}");
        try
        {
            var options = new AuthorizerOptions
            {
                Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, JwksUri = _issuer.Server.JwksUri, Audiences = [Issuer.Audience] }],
                RulesFile = path,
            };
            var authorizer = AuthorizerBuilder.Create(options, _issuer.Http, _issuer.Time);

            var decision = await authorizer.DecideAsync(AuthorizationRequest.ForToken(_issuer.Minter().Mint(), "GET", "/contacts"));

            Assert.Equal(DecisionKind.Allow, decision.Kind);
            Assert.Equal(0, _issuer.Server.Hits("/.well-known/openid-configuration"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Create_WithIntrospection_SendsOpaqueTokensThereAndJwtsToKeys()
    {
        var opaque = OpaqueToken.GenerateReference();
        var exp = _issuer.Time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds();
        _issuer.Server.Introspect = (body, authorization) => body.Contains(WebUtility.UrlEncode(opaque), StringComparison.Ordinal) && authorization is not null
            ? (200, $"{{\"active\":true,\"client_id\":\"worker\",\"scope\":\"read:contacts\",\"aud\":\"{Issuer.Audience}\",\"exp\":{exp},\"jti\":\"o-1\"}}")
            : (200, "{\"active\":false}");
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
            Introspection = new IntrospectionOptions { Url = _issuer.Server.Issuer + "/oauth2/introspect", ClientId = "gateway", ClientSecret = "secret" },
            DefaultAction = DefaultAction.AllowAuthenticated,
        };
        var authorizer = AuthorizerBuilder.Create(options, _issuer.Http, _issuer.Time);

        var byIntrospection = await authorizer.DecideAsync(AuthorizationRequest.ForToken(opaque, "GET", "/anything"));
        var inactive = await authorizer.DecideAsync(AuthorizationRequest.ForToken(OpaqueToken.GenerateReference(), "GET", "/anything"));
        var byKeys = await authorizer.DecideAsync(AuthorizationRequest.ForToken(_issuer.Minter().Mint(), "GET", "/anything"));

        Assert.Equal(DecisionKind.Allow, byIntrospection.Kind);
        Assert.Equal("worker", byIntrospection.Principal);
        Assert.Equal(ReasonCodes.Inactive, inactive.Reason);
        Assert.Equal(DecisionKind.Allow, byKeys.Kind);
        Assert.Equal(2, _issuer.Server.Hits("/oauth2/introspect"));
        Assert.Equal([new AllowedRoute("*", "/**")], byKeys.AllowedRoutes);
    }

    [Fact]
    public async Task Create_IntrospectionEndpointDown_FailsClosed()
    {
        _issuer.Server.Down = true;
        var options = new AuthorizerOptions
        {
            Introspection = new IntrospectionOptions { Url = _issuer.Server.Issuer + "/oauth2/introspect", ClientId = "gateway", ClientSecret = "secret" },
            DefaultAction = DefaultAction.AllowAuthenticated,
        };
        var authorizer = AuthorizerBuilder.Create(options, _issuer.Http, _issuer.Time);

        var decision = await authorizer.DecideAsync(AuthorizationRequest.ForToken(OpaqueToken.GenerateReference(), "GET", "/x"));

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.IntrospectionFailed, decision.Reason);
    }

    /// <summary>Keys given in code, swapped whole as a host's key ring would be.</summary>
    private sealed class KeysInCode(params SigningKey[] keys) : IKeySource
    {
        public KeySet Set { get; set; } = Of(keys);

        public static KeySet Of(params SigningKey[] keys) =>
            JwksParser.Parse(System.Text.Encoding.UTF8.GetBytes("{\"keys\":[" + string.Join(',', keys.Select(k => k.PublicJwk)) + "]}"), out _);

        public ValueTask<KeyLookup> FindAsync(string? kid, CancellationToken cancellationToken)
            => ValueTask.FromResult(Set.Find(kid) is { } key ? KeyLookup.Found(key) : KeyLookup.Unknown);
    }

    /// <summary>Introspection given in code: one opaque token is active.</summary>
    private sealed class IntrospectionInCode(string activeToken, string issuer) : ITokenIntrospection
    {
        public int Asked { get; private set; }

        public Task<IntrospectionAnswer<ValidatedToken>> IntrospectAsync(string token, CancellationToken cancellationToken)
        {
            Asked++;
            return Task.FromResult(token == activeToken
                ? IntrospectionAnswer<ValidatedToken>.Of(new ValidatedToken { Issuer = issuer, ClientId = "worker", Audiences = [Issuer.Audience], Jti = "o-1" })
                : IntrospectionAnswer<ValidatedToken>.Inactive);
        }

        public Task<IntrospectionAnswer<string>> IntrospectAsJwtAsync(string token, CancellationToken cancellationToken)
            => Task.FromResult(IntrospectionAnswer<string>.Failed("not asked in these tests"));
    }

    [Fact]
    public async Task Build_KeysAndIntrospectionGivenInCode_NeedNoHttpClient_AndNothingIsFetched()
    {
        var opaque = OpaqueToken.GenerateReference();
        var keys = new KeysInCode(_issuer.Rsa);
        var introspection = new IntrospectionInCode(opaque, _issuer.Server.Issuer);
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
            Introspection = new IntrospectionOptions { Url = _issuer.Server.Issuer + "/oauth2/introspect", ClientId = "in-process", ClientSecret = "unused" },
            DefaultAction = DefaultAction.AllowAuthenticated,
            DecisionCacheSize = 0,
        };
        var authorizer = new AuthorizerBuilder(options).WithKeySource(_issuer.Server.Issuer, keys).WithIntrospection(introspection).WithTimeProvider(_issuer.Time).Build();

        var byKeys = await authorizer.DecideAsync(AuthorizationRequest.ForToken(_issuer.Minter().Mint(), "GET", "/anything"));
        var byIntrospection = await authorizer.DecideAsync(AuthorizationRequest.ForToken(opaque, "GET", "/anything"));
        var inactive = await authorizer.DecideAsync(AuthorizationRequest.ForToken(OpaqueToken.GenerateReference(), "GET", "/anything"));
        var unknownKey = await authorizer.DecideAsync(AuthorizationRequest.ForToken(_issuer.Minter(_issuer.Ec).Mint(), "GET", "/anything"));
        keys.Set = KeysInCode.Of(_issuer.Rsa, _issuer.Ec);   // a rotation: seen by the next decision, no fetch, no cooldown
        var rotated = await authorizer.DecideAsync(AuthorizationRequest.ForToken(_issuer.Minter(_issuer.Ec).Mint(), "GET", "/anything"));

        Assert.Equal(DecisionKind.Allow, byKeys.Kind);
        Assert.Equal(DecisionKind.Allow, byIntrospection.Kind);
        Assert.Equal("worker", byIntrospection.Principal);
        Assert.Equal(ReasonCodes.Inactive, inactive.Reason);
        Assert.Equal(DecisionKind.Unauthorized, unknownKey.Kind);
        Assert.Equal(DecisionKind.Allow, rotated.Kind);
        Assert.Equal(2, introspection.Asked);
        Assert.Empty(authorizer.KeyCaches);
        Assert.Equal(0, _issuer.Server.Hits("/jwks") + _issuer.Server.Hits("/oauth2/introspect") + _issuer.Server.Hits("/.well-known/openid-configuration"));
    }

    [Fact]
    public void Build_PartsInCodeThatTheOptionsDoNotName_AreErrors()
    {
        var options = new AuthorizerOptions { Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }] };

        var ex = Assert.Throws<AuthorizerOptionsException>(() => new AuthorizerBuilder(options)
            .WithKeySource("https://other.example", new KeysInCode(_issuer.Rsa)).WithIntrospection(new IntrospectionInCode("t", "i")).Build());

        Assert.Contains(ex.Errors, e => e.StartsWith("WithKeySource: 'https://other.example'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("WithIntrospection:", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("HttpClient", StringComparison.Ordinal));   // its own issuer's keys are still to be fetched
    }
}

