using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Mtls;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.Tests.Support;

namespace Tollgate.Authorizer.Tests.Decisions;

/// <summary>
/// RFC 8705 §3 at the authorizer: a token whose <c>cnf.x5t#S256</c> names a certificate is allowed only for the
/// caller whose TLS client certificate (as the gateway forwards it, PEM or URL-escaped PEM) has that thumbprint.
/// </summary>
public sealed class MtlsDecisionTests : IDisposable
{
    private const string Rules = """
        rules:
          - route: GET /contacts/{id}
            any: [read:contacts]
        """;

    private readonly Issuer _issuer = new();
    private readonly X509Certificate2 _cert = SelfSigned("CN=orders");
    private readonly X509Certificate2 _other = SelfSigned("CN=orders");
    private readonly TollgateAuthorizer _authorizer;

    public MtlsDecisionTests() => _authorizer = new AuthorizerBuilder(new AuthorizerOptions
    {
        Issuers = [new IssuerOptions { Issuer = _issuer.Server.Issuer, Audiences = [Issuer.Audience] }],
    }).WithHttpClient(_issuer.Http).WithTimeProvider(_issuer.Time).WithRules(RouteRulesFile.ParseYaml(Rules)).Build();

    public void Dispose()
    {
        _issuer.Dispose();
        _cert.Dispose();
        _other.Dispose();
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    // Computed here from the DER, independently of CertificateThumbprint.
    private static string X5t(X509Certificate2 cert) => Convert.ToBase64String(SHA256.HashData(cert.RawData)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string BoundToken(X509Certificate2 cert) =>
        _issuer.Minter().Mint(edit: c => c["cnf"] = new Dictionary<string, string> { ["x5t#S256"] = X5t(cert) });

    private ValueTask<Decision> Decide(string token, string? certificate) => _authorizer.DecideAsync(new AuthorizationRequest
    {
        Method = "GET", Path = "/contacts/42", ClientCertificate = certificate,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Authorization"] = "Bearer " + token },
    });

    [Fact]
    public async Task BoundToken_WithItsCertificate_AsPemOrUrlEscapedPem_IsAllowed_AndAgainFromTheCache()
    {
        var token = BoundToken(_cert);

        Assert.Equal(DecisionKind.Allow, (await Decide(token, _cert.ExportCertificatePem())).Kind);
        Assert.Equal(DecisionKind.Allow, (await Decide(token, Uri.EscapeDataString(_cert.ExportCertificatePem()))).Kind);
        // The token is now cached: the certificate is still checked.
        Assert.Equal(ReasonCodes.CertificateMismatch, (await Decide(token, null)).Reason);
    }

    [Theory]
    [InlineData("other")]
    [InlineData("none")]
    [InlineData("garbage")]
    public async Task BoundToken_WithAnotherCertificate_NoneOrAnUnreadableOne_IsCertificateMismatch(string presented)
    {
        var certificate = presented switch
        {
            "other" => _other.ExportCertificatePem(),
            "garbage" => "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----",
            _ => null,
        };

        var decision = await Decide(BoundToken(_cert), certificate);

        Assert.Equal(DecisionKind.Unauthorized, decision.Kind);
        Assert.Equal(ReasonCodes.CertificateMismatch, decision.Reason);
    }

    [Fact]
    public async Task UnboundToken_IgnoresTheCertificate()
    {
        var token = _issuer.Minter().MintAccessToken();

        Assert.Equal(DecisionKind.Allow, (await Decide(token, null)).Kind);
        Assert.Equal(DecisionKind.Allow, (await Decide(token, _other.ExportCertificatePem())).Kind);
    }

    [Fact]
    public async Task CnfWithAnEmptyThumbprint_IsMalformed()
    {
        var token = _issuer.Minter().Mint(edit: c => c["cnf"] = new Dictionary<string, string> { ["x5t#S256"] = "" });

        Assert.Equal(ReasonCodes.MalformedToken, (await Decide(token, _cert.ExportCertificatePem())).Reason);
    }

    [Fact]
    public void Thumbprint_IsTheSha256OfTheDer_ReadFromPemWithLineBreaks()
    {
        Assert.Equal(X5t(_cert), CertificateThumbprint.FromPem(_cert.ExportCertificatePem()));
        Assert.Equal(X5t(_cert), CertificateThumbprint.Of(_cert.RawData));
        Assert.Null(CertificateThumbprint.FromPem("no certificate here"));
        Assert.Null(CertificateThumbprint.FromPem("-----BEGIN CERTIFICATE-----\nMIIB"));
    }
}
