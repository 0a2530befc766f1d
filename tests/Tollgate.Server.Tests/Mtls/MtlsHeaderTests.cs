using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Mtls;

/// <summary>Behind a TLS-terminating proxy on loopback: its certificate header is believed.</summary>
public sealed class TrustedProxyHost : TollgateHost
{
    protected override bool UseKestrel => true;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Tollgate:Mtls:CertificateHeader"] = "X-SSL-Client-Cert";
        settings["Tollgate:Mtls:TrustedProxies:0"] = "127.0.0.1";
    }
}

/// <summary>The same header from a peer that is not the configured proxy: ignored.</summary>
public sealed class UntrustedProxyHost : TollgateHost
{
    protected override bool UseKestrel => true;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Tollgate:Mtls:CertificateHeader"] = "X-SSL-Client-Cert";
        settings["Tollgate:Mtls:TrustedProxies:0"] = "10.9.9.9";
    }
}

/// <summary>
/// RFC 8705 behind a proxy that terminates TLS and forwards the client's certificate in a header
/// (nginx <c>$ssl_client_escaped_cert</c>): believed only from <c>Tollgate:Mtls:TrustedProxies</c>.
/// </summary>
public abstract class MtlsHeaderTests<THost>(THost host, bool trusted) : IClassFixture<THost> where THost : TollgateHost
{
    [Fact]
    public async Task SelfSignedClient_ByTheForwardedCertificate_OnlyFromTheTrustedProxy()
    {
        var audience = await host.CreateApiAsync();
        using var cert = TestCertificates.SelfSigned("CN=forwarded");
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new JsonObject
        {
            ["token_endpoint_auth_method"] = "self_signed_tls_client_auth", ["jwks"] = JsonNode.Parse(TestCertificates.JwksOf(cert)),
            ["tls_client_certificate_bound_access_tokens"] = true,
        });
        var id = created.Str("client_id");
        await host.GrantAsync(id, audience, "read:contacts");
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = id, ["audience"] = audience,
            }),
        };
        request.Headers.TryAddWithoutValidation("X-SSL-Client-Cert", Uri.EscapeDataString(cert.ExportCertificatePem()));

        var response = await host.Http.SendAsync(request);
        var body = await response.JsonAsync();

        if (trusted)
        {
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            var part = body.Str("access_token").Split('.')[1].Replace('-', '+').Replace('_', '/');
            var payload = JsonNode.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=')))!;
            Assert.Equal(TestCertificates.Thumbprint(cert), payload["cnf"]!["x5t#S256"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_client", body.Str("error"));
        }
    }
}

public sealed class MtlsHeaderTests_TrustedProxy(TrustedProxyHost host) : MtlsHeaderTests<TrustedProxyHost>(host, trusted: true);
public sealed class MtlsHeaderTests_UntrustedPeer(UntrustedProxyHost host) : MtlsHeaderTests<UntrustedProxyHost>(host, trusted: false);
