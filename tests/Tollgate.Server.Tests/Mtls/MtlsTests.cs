using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Mtls;

/// <summary>
/// A server on real HTTPS (Kestrel) that asks for TLS client certificates, trusting the test CA for
/// <c>tls_client_auth</c>, and a decision endpoint that believes <c>X-Client-Cert</c>.
/// </summary>
public sealed class MtlsHost : TollgateHost
{
    private readonly (string Cert, string Key, string Thumbprint) _server;

    public MtlsHost()
    {
        _server = TestCertificates.ServerFiles(Path.Combine(DataDirectory, "tls"));
        File.WriteAllText(CaFile, Certificates.Ca.ExportCertificatePem());
    }

    public TestCertificates Certificates { get; } = new();
    private string CaFile => Path.Combine(DataDirectory, "tls", "ca.pem");
    protected override bool UseKestrel => true;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0";
        settings["Kestrel:Endpoints:Https:Certificate:Path"] = _server.Cert;
        settings["Kestrel:Endpoints:Https:Certificate:KeyPath"] = _server.Key;
        settings["Tollgate:Mtls:Enabled"] = "true";
        settings["Tollgate:Mtls:TrustedCaFile"] = CaFile;
        settings["Tollgate:Decisions:ClientCertificateHeader"] = "X-Client-Cert";
    }

    protected override HttpClient CreateKestrelClient(Uri address) => ClientWith(null, address);

    /// <summary>An HTTPS client that presents <paramref name="certificate"/> in the handshake (none when null).</summary>
    public HttpClient ClientWith(X509Certificate2? certificate, Uri? address = null) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == _server.Thumbprint,
            ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
            LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
        },
    }) { BaseAddress = address ?? Http.BaseAddress };

    public override async Task InitializeAsync() => await base.InitializeAsync();
}

/// <summary>
/// RFC 8705 over a real TLS handshake: <c>tls_client_auth</c> (CA + subject DN / SAN), <c>self_signed_tls_client_auth</c>
/// (the client's registered key), certificate-bound tokens (<c>cnf.x5t#S256</c> in the JWT, the opaque token and
/// introspection), and <c>/decisions</c> refusing a bound token from a caller with another certificate or none.
/// </summary>
public sealed class MtlsTests(MtlsHost host) : IClassFixture<MtlsHost>
{
    private TestCertificates Certs => host.Certificates;

    private async Task<string> ApiAsync(string format = "jwt")
    {
        var audience = await host.CreateApiAsync(format);
        var put = await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes",
            """{"rules": [{"route": "GET /contacts/{id}", "scopes": ["read:contacts"]}]}""");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return audience;
    }

    private async Task<string> TlsClientAsync(string audience, JsonObject registration)
    {
        registration["client_name"] = "mtls client";
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", registration);
        Assert.Null(created["client_secret"]);                              // proved by its certificate: no secret
        var id = created.Str("client_id");
        await host.GrantAsync(id, audience, "read:contacts");
        return id;
    }

    private static async Task<HttpResponseMessage> TokenAsync(HttpClient http, string clientId, string audience)
        => await http.PostAsync("/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["audience"] = audience,
        }));

    private static JsonObject Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonNode.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '=')))!.AsObject();
    }

    private Task<HttpResponseMessage> DecideAsync(string audience, string token, string? certificateHeader)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/contacts/42");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        if (certificateHeader is not null) request.Headers.TryAddWithoutValidation("X-Client-Cert", certificateHeader);
        return host.Http.SendAsync(request);
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("opaque")]
    public async Task TlsClientAuth_CaIssuedCertificateWithTheRegisteredDn_GetsATokenBoundToIt(string format)
    {
        var audience = await ApiAsync(format);
        var id = await TlsClientAsync(audience, new JsonObject
        {
            ["token_endpoint_auth_method"] = "tls_client_auth", ["tls_client_auth_subject_dn"] = "CN=orders-service,O=Example",
            ["tls_client_certificate_bound_access_tokens"] = true,
        });
        using var cert = Certs.Issued("CN=orders-service, O=Example");
        using var http = host.ClientWith(cert);

        var response = await TokenAsync(http, id, audience);
        var body = await response.JsonAsync();

        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        Assert.Equal("Bearer", body.Str("token_type"));                    // RFC 8705: still a Bearer token, bound by cnf
        var token = body.Str("access_token");
        if (format == "jwt") Assert.Equal(TestCertificates.Thumbprint(cert), Payload(token)["cnf"]!["x5t#S256"]!.GetValue<string>());
        var (introspector, secret) = await host.CreateClientAsync(introspect: true);
        var introspection = await host.IntrospectAsync(token, introspector, secret);
        Assert.True(introspection["active"]!.GetValue<bool>());
        Assert.Equal(TestCertificates.Thumbprint(cert), introspection["cnf"]!["x5t#S256"]!.GetValue<string>());
    }

    [Fact]
    public async Task TlsClientAuth_RefusesNoCertificate_AnotherCasCertificate_AndAnotherSubject()
    {
        var audience = await ApiAsync();
        var id = await TlsClientAsync(audience, new JsonObject
        {
            ["token_endpoint_auth_method"] = "tls_client_auth", ["tls_client_auth_subject_dn"] = "CN=billing,O=Example",
        });
        using var otherCa = Certs.Issued("CN=billing, O=Example", by: Certs.OtherCa);
        using var otherSubject = Certs.Issued("CN=billing-impostor, O=Example");
        using var selfSigned = TestCertificates.SelfSigned("CN=billing, O=Example");
        using var right = Certs.Issued("CN=billing, O=Example");

        foreach (var cert in new[] { null, otherCa, otherSubject, selfSigned })
        {
            using var http = host.ClientWith(cert);
            var response = await TokenAsync(http, id, audience);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("invalid_client", (await response.JsonAsync()).Str("error"));
        }
        using var ok = host.ClientWith(right);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(ok, id, audience)).StatusCode);
    }

    [Theory]
    [InlineData("tls_client_auth_san_dns", "orders.internal.example")]
    [InlineData("tls_client_auth_san_uri", "spiffe://example.org/orders")]
    [InlineData("tls_client_auth_san_email", "orders@example.org")]
    public async Task TlsClientAuth_BySubjectAlternativeName(string field, string value)
    {
        var audience = await ApiAsync();
        var id = await TlsClientAsync(audience, new JsonObject { ["token_endpoint_auth_method"] = "tls_client_auth", [field] = value });
        using var matching = Certs.Issued("CN=anything", dnsName: "orders.internal.example", uri: "spiffe://example.org/orders", email: "orders@example.org");
        using var other = Certs.Issued("CN=anything", dnsName: "billing.internal.example", uri: "spiffe://example.org/billing", email: "billing@example.org");

        using (var http = host.ClientWith(matching)) Assert.Equal(HttpStatusCode.OK, (await TokenAsync(http, id, audience)).StatusCode);
        using (var http = host.ClientWith(other)) Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(http, id, audience)).StatusCode);
    }

    [Fact]
    public async Task SelfSignedTlsClientAuth_TheRegisteredKeysCertificateOnly()
    {
        var audience = await ApiAsync();
        using var registered = TestCertificates.SelfSigned("CN=inventory");
        using var another = TestCertificates.SelfSigned("CN=inventory");
        var id = await TlsClientAsync(audience, new JsonObject
        {
            ["token_endpoint_auth_method"] = "self_signed_tls_client_auth", ["jwks"] = JsonNode.Parse(TestCertificates.JwksOf(registered)),
        });

        using (var http = host.ClientWith(registered)) Assert.Equal(HttpStatusCode.OK, (await TokenAsync(http, id, audience)).StatusCode);
        using (var http = host.ClientWith(another)) Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(http, id, audience)).StatusCode);
    }

    [Fact]
    public async Task Decision_BoundToken_OnlyWithItsCertificate_ForwardedByTheGateway()
    {
        var audience = await ApiAsync();
        var id = await TlsClientAsync(audience, new JsonObject
        {
            ["token_endpoint_auth_method"] = "tls_client_auth", ["tls_client_auth_subject_dn"] = "CN=catalog,O=Example",
            ["tls_client_certificate_bound_access_tokens"] = true,
        });
        using var cert = Certs.Issued("CN=catalog, O=Example");
        using var other = Certs.Issued("CN=catalog, O=Example");
        using var http = host.ClientWith(cert);
        var token = (await (await TokenAsync(http, id, audience)).JsonAsync()).Str("access_token");

        // nginx's $ssl_client_escaped_cert: the PEM, URL-escaped.
        var allowed = await DecideAsync(audience, token, Uri.EscapeDataString(cert.ExportCertificatePem()));
        var wrong = await DecideAsync(audience, token, Uri.EscapeDataString(other.ExportCertificatePem()));
        var none = await DecideAsync(audience, token, null);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(id, allowed.Headers.GetValues("X-Tollgate-Client-Id").Single());
        foreach (var refused in new[] { wrong, none })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("certificate_mismatch", (await refused.JsonAsync()).Str("error_description"));
        }
    }

    [Fact]
    public async Task CertificateBoundClient_WithASecretButNoCertificate_IsRefused_AndWithOne_IsBound()
    {
        var audience = await ApiAsync();
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new JsonObject
        {
            ["client_name"] = "secret + mtls binding", ["tls_client_certificate_bound_access_tokens"] = true,
        });
        var (id, secret) = (created.Str("client_id"), created.Str("client_secret"));
        await host.GrantAsync(id, audience, "read:contacts");
        using var cert = TestCertificates.SelfSigned("CN=whoever");
        using var withCert = host.ClientWith(cert);
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["audience"] = audience };

        var refused = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, form));
        var bound = await withCert.SendAsync(TollgateHost.TokenRequest(id, secret, form));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.JsonAsync();
        Assert.Equal("invalid_request", error.Str("error"));
        Assert.Contains("tls_client_certificate_bound_access_tokens", error.Str("error_description"));
        Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
        Assert.Equal(TestCertificates.Thumbprint(cert), Payload((await bound.JsonAsync()).Str("access_token"))["cnf"]!["x5t#S256"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnboundClient_WithACertificate_GetsAnUnboundToken()
    {
        var audience = await ApiAsync();
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        using var cert = TestCertificates.SelfSigned("CN=whoever");
        using var withCert = host.ClientWith(cert);

        var response = await withCert.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["grant_type"] = "client_credentials", ["audience"] = audience }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Payload((await response.JsonAsync()).Str("access_token"))["cnf"]);
    }

    [Theory]
    [InlineData("""{"token_endpoint_auth_method": "tls_client_auth"}""", "tls_client_auth_subject_dn")]
    [InlineData("""{"token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_subject_dn": "not a dn"}""", "tls_client_auth_subject_dn")]
    [InlineData("""{"token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_san_ip": "10.0.0.300"}""", "tls_client_auth_san_ip")]
    [InlineData("""{"token_endpoint_auth_method": "tls_client_auth", "tls_client_auth_subject_dn": "CN=a", "tls_client_auth_san_dns": "a.example"}""", "tls_client_auth_san_dns")]
    [InlineData("""{"token_endpoint_auth_method": "client_secret_basic", "tls_client_auth_san_dns": "a.example"}""", "tls_client_auth_san_dns")]
    [InlineData("""{"token_endpoint_auth_method": "self_signed_tls_client_auth"}""", "jwks")]
    public async Task Registration_BadMtlsFields_Are400NamingTheField_AndCreateNothing(string body, string field)
    {
        var before = (await host.AdminOkAsync(HttpMethod.Get, "/admin/clients?limit=200"))["items"]!.AsArray().Count;

        var response = await host.AdminAsync(HttpMethod.Post, "/admin/clients", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, (await host.AdminOkAsync(HttpMethod.Get, "/admin/clients?limit=200"))["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Registration_IsReadBack_AndASubjectFieldReplacesTheOther()
    {
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new JsonObject
        {
            ["token_endpoint_auth_method"] = "tls_client_auth", ["tls_client_auth_subject_dn"] = "CN=a,O=Example",
            ["tls_client_certificate_bound_access_tokens"] = true,
        });
        var id = created.Str("client_id");

        var patched = await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{id}", new JsonObject { ["tls_client_auth_san_dns"] = "a.example" });
        var read = await host.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}");

        Assert.Equal("CN=a,O=Example", created.Str("tls_client_auth_subject_dn"));
        Assert.True(read["tls_client_certificate_bound_access_tokens"]!.GetValue<bool>());
        Assert.Equal("a.example", read.Str("tls_client_auth_san_dns"));
        Assert.Null(read["tls_client_auth_subject_dn"]);
        Assert.Equal(patched.ToJsonString(), read.ToJsonString());
    }

    [Fact]
    public async Task Discovery_AdvertisesTheMtlsMethodsAndBoundTokens()
    {
        var metadata = await (await host.Http.GetAsync("/.well-known/oauth-authorization-server")).JsonAsync();

        var methods = metadata["token_endpoint_auth_methods_supported"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains("tls_client_auth", methods);
        Assert.Contains("self_signed_tls_client_auth", methods);
        Assert.True(metadata["tls_client_certificate_bound_access_tokens"]!.GetValue<bool>());
    }
}
