using Tollgate.Interop.Tests.Infrastructure;

namespace Tollgate.Interop.Tests;

/// <summary>Third-party JavaScript clients (tests/interop/*.mjs) against the real server process.</summary>
[Collection(InteropCollection.Name)]
public sealed class NodeClientTests(InteropFixture fixture)
{
    private async Task<string> RunAsync(string script, string expectedPass)
    {
        var result = await NodeScripts.RunScriptAsync(script, fixture.NodeEnvironment());
        Assert.True(result.ExitCode == 0, $"node {script} failed: {result}\n--- server ---\n{fixture.Server.RecentOutput}");
        Assert.Contains(expectedPass, result.StandardOutput);
        Assert.DoesNotContain("FAIL", result.StandardOutput + result.StandardError);
        return result.StandardOutput;
    }

    [Fact]
    public async Task OpenIdClient_DiscoversGetsTokensIntrospectsAndRevokes()
    {
        var output = await RunAsync("openid-client.mjs", "PASS openid-client");
        Assert.Contains("ok - OIDC discovery: issuer", output);
        Assert.Contains("ok - RFC 8414 discovery", output);
        foreach (var kind in new[] { "JWT", "opaque" })
        {
            Assert.Contains($"ok - {kind}: token via RFC 8707 resource", output);
            Assert.Contains($"ok - {kind}: introspection active: true", output);
            Assert.Contains($"ok - {kind}: RFC 9701 signed introspection (signature checked against the JWKS) active: true", output);
            Assert.Contains($"ok - {kind}: revocation accepted", output);
            Assert.Contains($"ok - {kind}: introspection inactive after revocation: false", output);
        }
        Assert.Contains("ok - client_secret_post: token issued", output);
        Assert.Contains("ok - an API without a grant is refused with access_denied", output);
    }

    [Fact]
    public async Task Jose_VerifiesTokensOfEveryAlgorithmThroughTheJwks()
    {
        var output = await RunAsync("verify-jose.mjs", "PASS jose");
        foreach (var alg in new[] { "RS256", "ES256", "PS256" })
        {
            Assert.Contains($"ok - {alg}: token verified through the remote JWKS", output);
            Assert.Contains($"ok - {alg}: scope: \"read:contacts\"", output);
            Assert.Contains($"ok - {alg}: refused for another audience", output);
        }
    }

    [Fact]
    public async Task AwsJwtVerify_VerifiesRs256AndEs256_AndRefusesPs256WhichItDoesNotSupport()
    {
        var output = await RunAsync("verify-aws-jwt-verify.mjs", "PASS aws-jwt-verify");
        foreach (var alg in new[] { "RS256", "ES256" })
        {
            Assert.Contains($"ok - {alg}: verified through the JWKS with issuer, audience and scope", output);
            Assert.Contains($"ok - {alg}: refused for another audience", output);
        }
        Assert.Contains("ok - PS256: refused, as aws-jwt-verify does not support PS256", output);
    }

    [Fact]
    public async Task Jose_ClientAssertion_AuthenticatesAPrivateKeyJwtClient()
    {
        var output = await RunAsync("private-key-jwt.mjs", "PASS private-key-jwt");
        foreach (var alg in new[] { "ES256", "RS256", "PS256" })
        {
            Assert.Contains($"ok - {alg}: jose-signed assertion accepted: 200", output);
            Assert.Contains($"ok - {alg}: the same assertion again is refused: \"invalid_client\"", output);
            Assert.Contains($"ok - {alg}: an assertion for another audience is refused: \"invalid_client\"", output);
        }
    }

    [Fact]
    public async Task Jose_DpopProofs_AreAcceptedByTheTokenEndpointAndByDecisions()
    {
        var output = await RunAsync("dpop-jose.mjs", "PASS dpop-jose");
        Assert.Contains("ok - token endpoint accepts the jose proof: 200", output);
        Assert.Contains("ok - cnf.jkt is jose's RFC 7638 thumbprint of the proof key", output);
        Assert.Contains("ok - /decisions allows the bound token with a jose proof for the original URL: 200", output);
        Assert.Contains("ok - /decisions refuses the same proof again: 401", output);
        Assert.Contains("ok - Bearer downgrade reason: \"dpop_required\"", output);
    }
}
