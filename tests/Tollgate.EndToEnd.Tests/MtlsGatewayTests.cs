using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Tollgate.EndToEnd.Tests.Infrastructure;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Certificate-bound tokens end to end (RFC 8705): a real <c>tollgate serve</c> taking TLS client certificates on
/// its HTTPS port, and real nginx rendered from deploy/nginx with <c>TLS_CERT</c>/<c>TLS_KEY</c> (HTTPS, optional
/// client certificates, <c>X-Client-Cert $ssl_client_escaped_cert</c> on the decision subrequest) in front of a
/// recording upstream. Every process on a free loopback port, stopped by its pid.
/// </summary>
public sealed class MtlsGatewayFixture : IAsyncLifetime
{
    public const string Api = "https://mtls.contacts.example";
    private const string RootSecret = "e2e-mtls-root-secret-0123456789";
    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-e2e-mtls-").FullName;
    private readonly List<IAsyncDisposable> _running = [];

    public TollgateAdmin Admin { get; private set; } = null!;
    public Uri TollgateHttps { get; private set; } = null!;
    public NginxGateway Gateway { get; private set; } = null!;
    public RecordingApi Upstream { get; private set; } = null!;
    public string ServerThumbprint { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var (cert, key) = WriteServerCertificate();
        var httpPort = ServiceProcess.FreePort();
        var httpsPort = ServiceProcess.FreePort();
        var issuer = $"http://127.0.0.1:{httpPort}";
        TollgateHttps = new Uri($"https://127.0.0.1:{httpsPort}");
        var tollgate = ServiceProcess.Start("tollgate-mtls", "dotnet",
        [
            RepoPaths.TollgateDll, "serve", "--urls", $"{issuer};{TollgateHttps.ToString().TrimEnd('/')}",
            $"--Tollgate:Issuer={issuer}", $"--Tollgate:DataDirectory={Path.Combine(_directory, "tollgate")}",
            $"--Tollgate:Bootstrap:RootClientSecret={RootSecret}",
            $"--Kestrel:Certificates:Default:Path={cert}", $"--Kestrel:Certificates:Default:KeyPath={key}",
            "--Tollgate:Mtls:Enabled=true", "--Tollgate:Decisions:ClientCertificateHeader=X-Client-Cert",
        ], new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, _directory);
        _running.Add(tollgate);
        Upstream = await RecordingApi.StartAsync();
        _running.Add(Upstream);
        await tollgate.WaitForHttpAsync($"{issuer}/health/ready");

        Admin = new TollgateAdmin(issuer);
        await Admin.LoginAsync(RootSecret);
        await Admin.CreateApiAsync(Api);
        await Admin.PutRoutesAsync(Api, ScenarioFixture.Rules);

        Gateway = await NginxGateway.StartAsync(Path.Combine(_directory, "gw"), $"127.0.0.1:{httpPort}", $"127.0.0.1:{Upstream.Port}", Api,
            tls: (cert, key));
        _running.Add(Gateway);
    }

    private (string Cert, string Key) WriteServerCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        ServerThumbprint = certificate.GetCertHashString();
        var cert = Path.Combine(_directory, "server.crt");
        var key = Path.Combine(_directory, "server.key");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    /// <summary>An HTTPS client trusting only the test server certificate, presenting <paramref name="certificate"/> when given.</summary>
    public HttpClient ClientWith(X509Certificate2? certificate, Uri address) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == ServerThumbprint,
            ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
        },
    }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>A self-signed client certificate with its key, loadable by SslStream (PKCS#12 round trip).</summary>
    public static X509Certificate2 ClientCertificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    public static string JwksOf(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey()!;
        var p = key.ExportParameters(false);
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $$"""{"keys":[{"kty":"EC","crv":"P-256","use":"sig","x":"{{B64(p.Q.X!)}}","y":"{{B64(p.Q.Y!)}}"}]}""";
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        foreach (var running in Enumerable.Reverse(_running)) await running.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

public sealed class MtlsGatewayTests(MtlsGatewayFixture fixture) : IClassFixture<MtlsGatewayFixture>
{
    [Fact]
    public async Task BoundToken_PassesNginx_OnlyOnTheConnectionWithItsCertificate()
    {
        using var cert = MtlsGatewayFixture.ClientCertificate("CN=orders");
        using var other = MtlsGatewayFixture.ClientCertificate("CN=orders");
        var created = await fixture.Admin.AdminAsync(HttpMethod.Post, "/admin/clients", HttpStatusCode.Created, new JsonObject
        {
            ["client_name"] = "orders over mtls", ["token_endpoint_auth_method"] = "self_signed_tls_client_auth",
            ["jwks"] = JsonNode.Parse(MtlsGatewayFixture.JwksOf(cert)), ["tls_client_certificate_bound_access_tokens"] = true,
        });
        var clientId = created["client_id"]!.GetValue<string>();
        await fixture.Admin.CreateGrantAsync(clientId, MtlsGatewayFixture.Api, "read:contacts");

        // The token, from Tollgate's own HTTPS port, over TLS with the client's certificate.
        using var toTollgate = fixture.ClientWith(cert, fixture.TollgateHttps);
        var tokenResponse = await toTollgate.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["audience"] = MtlsGatewayFixture.Api,
        }));
        var tokenBody = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!;
        Assert.True(tokenResponse.IsSuccessStatusCode, tokenBody.ToJsonString());
        var token = tokenBody["access_token"]!.GetValue<string>();
        var expected = Convert.ToBase64String(SHA256.HashData(cert.RawData)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, TollgateAdmin.Claims(token)["cnf"]!["x5t#S256"]!.GetValue<string>());

        async Task<HttpResponseMessage> CallAsync(X509Certificate2? presented, string? spoofedHeader = null)
        {
            using var http = fixture.ClientWith(presented, fixture.Gateway.Address);
            var request = new HttpRequestMessage(HttpMethod.Get, "/contacts/1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            // A caller's own X-Client-Cert: nginx must replace it with the connection's certificate (or drop it).
            if (spoofedHeader is not null) request.Headers.TryAddWithoutValidation("X-Client-Cert", spoofedHeader);
            return await http.SendAsync(request);
        }

        var before = fixture.Upstream.Received.Count;
        var allowed = await CallAsync(cert);
        var withOther = await CallAsync(other);
        var withNone = await CallAsync(null);
        var spoofed = await CallAsync(null, Uri.EscapeDataString(cert.ExportCertificatePem()));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Single(fixture.Upstream.Since(before, "/contacts/1"));
        Assert.Equal(clientId, fixture.Upstream.Since(before, "/contacts/1")[0].Header("X-Client-Id"));
        foreach (var refused in new[] { withOther, withNone, spoofed })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("certificate_mismatch", await refused.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task UnboundToken_PassesNginxOverTls_WithOrWithoutACertificate()
    {
        var client = await fixture.Admin.CreateClientAsync("plain bearer");
        await fixture.Admin.CreateGrantAsync(client.ClientId, MtlsGatewayFixture.Api, "read:contacts");
        var token = await fixture.Admin.AccessTokenAsync(client, MtlsGatewayFixture.Api);
        using var cert = MtlsGatewayFixture.ClientCertificate("CN=anyone");

        foreach (var presented in new[] { null, cert })
        {
            using var http = fixture.ClientWith(presented, fixture.Gateway.Address);
            var request = new HttpRequestMessage(HttpMethod.Get, "/contacts/1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        }
    }
}
