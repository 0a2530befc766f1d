using System.Net;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Discovery;

public sealed class DiscoveryTests_InProcess(InProcessHost host) : DiscoveryTests<InProcessHost>(host);
public sealed class DiscoveryTests_Kestrel(KestrelHost host) : DiscoveryTests<KestrelHost>(host);
public sealed class DiscoveryTests_Postgres(PostgresHost host) : DiscoveryTests<PostgresHost>(host);

/// <summary>RFC 8414 metadata, JWKS and health.</summary>
public abstract class DiscoveryTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    [Theory]
    [InlineData("/.well-known/oauth-authorization-server")]
    [InlineData("/.well-known/openid-configuration")]
    public async Task Metadata_BothWellKnownPaths_DescribeTheServer(string path)
    {
        var metadata = JsonNode.Parse(await host.Http.GetStringAsync(path))!.AsObject();
        Assert.Equal(host.Issuer, metadata.Str("issuer"));
        Assert.Equal($"{host.Issuer}/oauth2/token", metadata.Str("token_endpoint"));
        Assert.Equal($"{host.Issuer}/oauth2/introspect", metadata.Str("introspection_endpoint"));
        Assert.Equal($"{host.Issuer}/oauth2/revoke", metadata.Str("revocation_endpoint"));
        Assert.Equal($"{host.Issuer}/.well-known/jwks.json", metadata.Str("jwks_uri"));
        Assert.Equal(["client_credentials"], metadata["grant_types_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["client_secret_basic", "client_secret_post", "private_key_jwt"], metadata["token_endpoint_auth_methods_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["RS256", "ES256", "PS256"], metadata["access_token_signing_alg_values_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Jwks_PublishesEveryKeyWithKidAlgUse_AndVerifiesIssuedTokens()
    {
        var response = await host.Http.GetAsync("/.well-known/jwks.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var keys = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["keys"]!.AsArray().Select(k => k!.AsObject()).ToList();
        Assert.Equal(["ES256", "PS256", "RS256"], keys.Select(k => k.Str("alg")).Order());
        Assert.All(keys, k => Assert.Equal("sig", k.Str("use")));
        Assert.All(keys, k => Assert.False(k.ContainsKey("d"), "a private key member is published"));
        Assert.Equal(keys.Count, keys.Select(k => k.Str("kid")).Distinct().Count());

        foreach (var alg in new[] { "RS256", "ES256", "PS256" })
        {
            var audience = await host.CreateApiAsync(alg: alg);
            var (id, secret) = await host.CreateClientAsync();
            await host.GrantAsync(id, audience, "read:contacts");
            var result = await new JsonWebTokenHandler().ValidateTokenAsync(await host.TokenAsync(id, secret, audience), new TokenValidationParameters
            {
                ValidIssuer = host.Issuer, ValidAudience = audience, ValidTypes = ["at+jwt"], ValidAlgorithms = [alg],
                IssuerSigningKeys = new JsonWebKeySet(await response.Content.ReadAsStringAsync()).GetSigningKeys(),
                LifetimeValidator = (_, _, _, _) => true,
            });
            Assert.True(result.IsValid, $"{alg}: {result.Exception?.Message}");
        }
    }

    [Fact]
    public async Task Health_AliveAndReady_AreHealthy()
    {
        Assert.Equal("Healthy", await host.Http.GetStringAsync("/health/alive"));
        // On PostgreSQL, ready includes the catalog's freshness: a node that has not read the change feed
        // lately (a loaded machine, a fixture's clock moved) says so until its next catch-up, within a second or so.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpResponseMessage ready;
        while (!(ready = await host.Http.GetAsync("/health/ready")).IsSuccessStatusCode && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True(ready.IsSuccessStatusCode, $"{(int)ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}");
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_DocumentListsAdminEndpoints()
    {
        var document = JsonNode.Parse(await host.Http.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/admin/apis", paths.Select(p => p.TrimEnd('/')));
        Assert.Contains("/admin/clients/{clientId}", paths);
        Assert.Contains("/admin/grants/{id}", paths);
    }
}
