using System.Net;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Bench;

/// <summary>The .NET contenders: the whole Tollgate decision, and IdentityModel's handler doing only the JWT checks.</summary>
public static class Contenders
{
    public const string Rules = """
        {"rules":[
          {"route":"GET /contacts","any":["read:contacts","write:contacts"]},
          {"route":"GET /contacts/{id}","any":["read:contacts","write:contacts"]},
          {"route":"POST /contacts","all":["write:contacts"]}
        ]}
        """;

    public static async Task<TollgateAuthorizer> TollgateAsync(TokenSet tokens, int decisionCacheSize, string? audience = null, string? rules = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        var jwks = tokens.Jwks.GetRawText();
        var http = new HttpClient(new StaticJwks(jwks));
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = tokens.Issuer, JwksUri = tokens.Issuer + "/jwks", Audiences = [audience ?? tokens.Audience] }],
            DecisionCacheSize = decisionCacheSize,
        };
        var builder = new AuthorizerBuilder(options).WithHttpClient(http).WithRules(Routing.RouteRulesFile.ParseJson(rules ?? Rules));
        if (loggers is not null) builder.WithLoggerFactory(loggers);
        var authorizer = builder.Build();
        if (!await authorizer.WarmUpAsync()) throw new InvalidOperationException("keys did not load");
        return authorizer;
    }

    public static AuthorizationRequest[] Requests(string[] tokens) =>
        [.. tokens.Select(t => AuthorizationRequest.ForToken("Bearer " + t, "GET", "/contacts/42"))];

    /// <summary>One decision, synchronously when it completed synchronously (the cached-keys path).</summary>
    public static Decision Decide(IAuthorizer authorizer, AuthorizationRequest request, string expected = ReasonCodes.Allowed)
    {
        var pending = authorizer.DecideAsync(request);
        var decision = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
        if (decision.Reason != expected) throw new InvalidOperationException($"expected {expected}, got {decision.Reason}");
        return decision;
    }

    public static (JsonWebTokenHandler Handler, TokenValidationParameters Parameters) IdentityModel(TokenSet tokens, string? audience = null)
    {
        var keys = new JsonWebKeySet(tokens.Jwks.GetRawText()).GetSigningKeys();
        return (new JsonWebTokenHandler { MapInboundClaims = false }, new TokenValidationParameters
        {
            ValidIssuer = tokens.Issuer,
            ValidAudience = audience ?? tokens.Audience,
            ValidAlgorithms = ["RS256", "ES256", "PS256"],
            ValidTypes = ["at+jwt", "JWT"],
            IssuerSigningKeys = keys,
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });
    }

    private sealed class StaticJwks(string jwks) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(jwks, Encoding.UTF8, "application/json") });
    }
}
