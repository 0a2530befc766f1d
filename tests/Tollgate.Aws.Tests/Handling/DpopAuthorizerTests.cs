using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Tests.TestSupport;
using Tollgate.Core.Keys;
using Tollgate.Core.Tokens;
using Tollgate.Tests.Dpop;

namespace Tollgate.Aws.Tests.Handling;

/// <summary>
/// DPoP-bound tokens through the real engine in the Lambda adapter: the proof comes from the event's
/// headers, the URL is rebuilt from it (REST: <c>https://</c> + Host / domainName + <c>requestContext.path</c>;
/// HTTP API: <c>domainName</c> + <c>rawPath</c>); a TOKEN event cannot carry a proof, so a bound token there is refused.
/// </summary>
public sealed class DpopAuthorizerTests : IDisposable
{
    private const string Issuer = EngineHarness.Issuer;
    private const string Audience = "https://api.contacts.example";
    private const string RestUrl = "https://abcdef123.execute-api.us-east-1.amazonaws.com/test/contacts";
    private const string HttpApiUrl = "https://abcdef123.execute-api.us-east-1.amazonaws.com/test/contacts/42";
    private readonly string _rules = Path.GetTempFileName() + ".yaml";
    private readonly EngineHarness _engine = new();
    private readonly DpopKey _key = DpopKey.Es256();

    public DpopAuthorizerTests() => File.WriteAllText(_rules, """
        rules:
          - route: POST /contacts
            any: [write:contacts]
          - route: GET /contacts/{id}
            any: [write:contacts]
        """);

    public void Dispose()
    {
        File.Delete(_rules);
        _engine.Dispose();
        _key.Dispose();
    }

    private AuthorizerHandler Handler(string mode = "simple") => _engine.Handler(new()
    {
        ["AUDIENCE"] = Audience, ["TOLLGATE_RULES_FILE"] = _rules, ["TOLLGATE_HTTP_API_RESPONSE"] = mode,
    });

    private string BoundToken() => JwtWriter.WriteAccessToken(EngineHarness.Signer, new AccessTokenClaims(Issuer, "svc-write", Audience, "write:contacts",
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), Guid.NewGuid().ToString("N"), _key.Thumbprint()));

    private string Proof(string method, string url, string token) => _key.Proof(method, url, DateTimeOffset.UtcNow, token);

    /// <summary>The documented fixture with its credential replaced and DPoP header(s) added (both header maps for REST).</summary>
    private static byte[] Event(string fixture, string authorization, params string[] proofs)
    {
        var root = JsonNode.Parse(Fixtures.Text(fixture))!.AsObject();
        var headers = root["headers"]!.AsObject();
        var name = fixture == Fixtures.HttpApiV2 ? "authorization" : "Authorization";
        headers[name] = authorization;
        if (proofs.Length > 0) headers[fixture == Fixtures.HttpApiV2 ? "dpop" : "DPoP"] = fixture == Fixtures.HttpApiV2 ? string.Join(",", proofs) : proofs[^1];
        if (root["multiValueHeaders"] is JsonObject multi)
        {
            multi["Authorization"] = new JsonArray(authorization);
            if (proofs.Length > 0) multi["DPoP"] = new JsonArray([.. proofs.Select(p => (JsonNode)p)]);
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    /// <summary>The adapter's decision line names the reason as "Unauthorized (reason)".</summary>
    private void AssertLoggedReason(string reason) => Assert.Contains($"Unauthorized ({reason})", _engine.Log.ToString());

    [Fact]
    public async Task RestRequest_BoundTokenWithProofForTheCalledUrl_IsAllowed()
    {
        var token = BoundToken();

        var outcome = await Handler().HandleAsync(Event(Fixtures.RestRequest, "DPoP " + token, Proof("POST", RestUrl, token)), "r", CancellationToken.None);

        Assert.Null(outcome.Error);
        var statement = JsonDocument.Parse(outcome.Response!).RootElement.GetProperty("policyDocument").GetProperty("Statement")[0];
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
    }

    [Theory]
    [InlineData("wrong url")]
    [InlineData("wrong method")]
    [InlineData("two proofs")]
    [InlineData("bearer")]
    public async Task RestRequest_BadProofOrBearerScheme_IsUnauthorized(string problem)
    {
        var token = BoundToken();
        var payload = problem switch
        {
            "wrong url" => Event(Fixtures.RestRequest, "DPoP " + token, Proof("POST", "https://abcdef123.execute-api.us-east-1.amazonaws.com/contacts", token)),
            "wrong method" => Event(Fixtures.RestRequest, "DPoP " + token, Proof("GET", RestUrl, token)),
            "two proofs" => Event(Fixtures.RestRequest, "DPoP " + token, Proof("POST", RestUrl, token), Proof("POST", RestUrl, token)),
            _ => Event(Fixtures.RestRequest, "Bearer " + token, Proof("POST", RestUrl, token)),
        };

        var outcome = await Handler().HandleAsync(payload, "r", CancellationToken.None);

        Assert.Equal(LambdaError.Unauthorized, outcome.Error);
        AssertLoggedReason(problem == "bearer" ? "dpop_required" : "invalid_dpop_proof");
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("iam")]
    public async Task HttpApi_BoundTokenWithProofForDomainNameAndRawPath_IsAllowed_ReplayIsNot(string mode)
    {
        var token = BoundToken();
        var proof = Proof("GET", HttpApiUrl, token);
        var handler = Handler(mode);

        var allowed = await handler.HandleAsync(Event(Fixtures.HttpApiV2, "DPoP " + token, proof), "r", CancellationToken.None);
        var replayed = await handler.HandleAsync(Event(Fixtures.HttpApiV2, "DPoP " + token, proof), "r", CancellationToken.None);

        Assert.Null(allowed.Error);
        Assert.Contains(mode == "simple" ? "\"isAuthorized\":true" : "\"Effect\":\"Allow\"", Encoding.UTF8.GetString(allowed.Response!));
        Assert.Equal(LambdaError.Unauthorized, replayed.Error);
        AssertLoggedReason("invalid_dpop_proof");
    }

    [Fact]
    public async Task RestToken_BoundToken_IsDpopRequired_ForTheEventCannotCarryAProof()
    {
        var token = BoundToken();

        var outcome = await Handler().HandleAsync(Fixtures.Bytes(Fixtures.RestToken, token), "r", CancellationToken.None);

        Assert.Equal(LambdaError.Unauthorized, outcome.Error);
        AssertLoggedReason("dpop_required");
    }
}
