using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Core.Introspection;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// <c>--cookies</c>: token-handler decisions per second on one thread, as a browser app's POST
/// (Origin, CSRF header and cookie, encrypted access-token cookie): unique JWTs in cookies (every
/// decision decrypts and verifies a signature), the same 1,000 cookies again (decrypt + CSRF +
/// decision-cache hit), phantom-token cookies with the exchange cache warm, and plain bearer
/// cache hits as the reference. Prints one JSON object.
/// </summary>
public static class CookieBench
{
    private const string Key = "7b99279ab87533d3c238db874a842a91ee26a76027f3c03c317504963d2c9926";
    private const string Origin = "https://app.bench.example";
    private const string Csrf = "0f6c3a2e-7f1d-4b7e-9a55-1c2d3e4f5a6b";
    private const string Rules = """{"rules":[{"route":"POST /contacts","any":["read:contacts","write:contacts"]}]}""";

    public static async Task<int> RunAsync(int count, int repeats)
    {
        using var rsa = SigningKey.Generate("RS256");
        var now = DateTimeOffset.UtcNow;
        AccessTokenClaims Claims(int i) => new(TokenSet.IssuerUrl, $"client-{i % 50}", TokenSet.AudienceId, "read:contacts", now, now.AddHours(2), Guid.NewGuid().ToString("N"));
        var jwts = new string[count];
        Parallel.For(0, count, i => jwts[i] = JwtWriter.WriteAccessToken(rsa, Claims(i)));
        var opaque = Enumerable.Range(0, 1000).Select(i => (Token: OpaqueToken.GenerateReference(), Claims: Claims(i))).ToArray();
        var introspection = opaque.ToDictionary(o => o.Token, o => IntrospectionJwt.Write(rsa, TokenSet.IssuerUrl, "gateway", now, o.Claims));
        var jwks = "{\"keys\":[" + rsa.PublicJwk + "]}";

        var plain = await BuildAsync(jwks, introspection, phantom: false);
        var phantom = await BuildAsync(jwks, introspection, phantom: true);
        var uniqueRequests = jwts.Select(Request).ToArray();
        var hot = uniqueRequests[..1000];
        var phantomRequests = opaque.Select(o => Request(o.Token)).ToArray();
        var bearer = jwts[..1000].Select(t => new AuthorizationRequest
        {
            Method = "POST", Path = "/contacts",
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer " + t },
        }).ToArray();
        var bearerOnly = await BuildAsync(jwks, introspection, phantom: false, cookies: false);

        // Warm up: the phantom exchange cache and the decision caches, and the JIT (tier-1 + PGO).
        foreach (var r in phantomRequests) Decide(phantom, r);
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var r in hot) Decide(plain, r);
            foreach (var r in phantomRequests) Decide(phantom, r);
            foreach (var r in bearer) Decide(bearerOnly, r);
            Thread.Sleep(50);
        }

        var fresh = await BuildAsync(jwks, introspection, phantom: false);
        var results = new Dictionary<string, double>
        {
            ["cookie_jwt_unique"] = Measure(count, i => Decide(fresh, uniqueRequests[i])),
            ["cookie_jwt_repeated"] = Measure(repeats, i => Decide(plain, hot[i % hot.Length])),
            ["cookie_phantom_cache_warm"] = Measure(repeats, i => Decide(phantom, phantomRequests[i % phantomRequests.Length])),
            ["bearer_jwt_repeated"] = Measure(repeats, i => Decide(bearerOnly, bearer[i % bearer.Length])),
        };
        Console.WriteLine(JsonSerializer.Serialize(results));
        return 0;
    }

    private static AuthorizationRequest Request(string token) => new()
    {
        Method = "POST",
        Path = "/contacts",
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Origin"] = Origin,
            ["Cookie"] = $"theme=dark; bench-at={CookieEncryption.Encrypt(token, Key)}; bench-csrf={CookieEncryption.Encrypt(Csrf, Key)}",
            ["x-bench-csrf"] = Csrf,
        },
    };

    private static async Task<TollgateAuthorizer> BuildAsync(string jwks, Dictionary<string, string> introspection, bool phantom, bool cookies = true)
    {
        var options = new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = TokenSet.IssuerUrl, JwksUri = TokenSet.IssuerUrl + "/jwks", Audiences = [TokenSet.AudienceId] }],
            Introspection = new IntrospectionOptions { Url = TokenSet.IssuerUrl + "/introspect", ClientId = "gateway", ClientSecret = "secret", CacheTtl = TimeSpan.FromHours(1) },
            TokenHandler = cookies ? new TokenHandlerOptions { TrustedWebOrigins = [Origin], CookieNamePrefix = "bench", EncryptionKey = Key, UsePhantomToken = phantom } : null,
            DecisionCacheSize = 100_000,
        };
        var authorizer = new AuthorizerBuilder(options).WithHttpClient(new HttpClient(new Endpoints(jwks, introspection)))
            .WithRules(Routing.RouteRulesFile.ParseJson(Rules)).Build();
        if (!await authorizer.WarmUpAsync()) throw new InvalidOperationException("keys did not load");
        return authorizer;
    }

    private static void Decide(IAuthorizer authorizer, AuthorizationRequest request) => Contenders.Decide(authorizer, request);

    private static double Measure(int count, Action<int> act)
    {
        GC.Collect();
        var began = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++) act(i);
        return count / Stopwatch.GetElapsedTime(began).TotalSeconds;
    }

    /// <summary>The issuer's JWKS and an RFC 9701 introspection endpoint, in process.</summary>
    private sealed class Endpoints(string jwks, Dictionary<string, string> introspection) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(jwks, Encoding.UTF8, "application/json") };
            var form = await request.Content!.ReadAsStringAsync(cancellationToken);
            var token = Uri.UnescapeDataString(form.Split('&')[0]["token=".Length..]);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(introspection[token], Encoding.UTF8, "application/token-introspection+jwt"),
            };
        }
    }
}
