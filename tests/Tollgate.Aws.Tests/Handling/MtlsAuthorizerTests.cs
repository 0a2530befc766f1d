using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Tests.TestSupport;
using Tollgate.Core.Tokens;

namespace Tollgate.Aws.Tests.Handling;

/// <summary>
/// Certificate-bound tokens (RFC 8705 <c>cnf.x5t#S256</c>) in the Lambda adapter: with mutual TLS on the API's
/// custom domain, API Gateway puts the caller's certificate in the event (REST
/// <c>requestContext.identity.clientCert.clientCertPem</c>, HTTP API <c>requestContext.authentication.clientCert.clientCertPem</c>);
/// a TOKEN event has none, so a bound token there is refused.
/// </summary>
public sealed class MtlsAuthorizerTests : IDisposable
{
    private const string Audience = "https://api.contacts.example";
    private readonly string _rules = Path.GetTempFileName() + ".yaml";
    private readonly EngineHarness _engine = new();
    private readonly X509Certificate2 _cert = SelfSigned("CN=orders");
    private readonly X509Certificate2 _other = SelfSigned("CN=orders");

    public MtlsAuthorizerTests() => File.WriteAllText(_rules, """
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
        _cert.Dispose();
        _other.Dispose();
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private AuthorizerHandler Handler() => _engine.Handler(new() { ["AUDIENCE"] = Audience, ["TOLLGATE_RULES_FILE"] = _rules });

    private string BoundToken() => JwtWriter.WriteAccessToken(EngineHarness.Signer, new AccessTokenClaims(EngineHarness.Issuer, "svc-write", Audience, "write:contacts",
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(5), Guid.NewGuid().ToString("N"),
        X5t: Convert.ToBase64String(SHA256.HashData(_cert.RawData)).TrimEnd('=').Replace('+', '-').Replace('/', '_')));

    /// <summary>The documented fixture with the token and, where given, the caller's certificate where API Gateway puts it.</summary>
    private static byte[] Event(string fixture, string token, X509Certificate2? certificate)
    {
        var root = JsonNode.Parse(Fixtures.Text(fixture))!.AsObject();
        var http = fixture == Fixtures.HttpApiV2;
        root["headers"]![http ? "authorization" : "Authorization"] = "Bearer " + token;
        if (root["multiValueHeaders"] is JsonObject multi) multi["Authorization"] = new JsonArray("Bearer " + token);
        if (certificate is not null)
        {
            var context = root["requestContext"]!.AsObject();
            var holder = http ? "authentication" : "identity";
            context[holder] ??= new JsonObject();
            context[holder]!["clientCert"] = new JsonObject
            {
                ["clientCertPem"] = certificate.ExportCertificatePem(), ["subjectDN"] = certificate.Subject, ["issuerDN"] = certificate.Issuer,
                ["serialNumber"] = certificate.SerialNumber,
            };
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    [Theory]
    [InlineData(Fixtures.RestRequest)]
    [InlineData(Fixtures.HttpApiV2)]
    public async Task BoundToken_WithTheCallersCertificate_IsAllowed(string fixture)
    {
        var outcome = await Handler().HandleAsync(Event(fixture, BoundToken(), _cert), "r", CancellationToken.None);

        Assert.Null(outcome.Error);
        var body = Encoding.UTF8.GetString(outcome.Response!);
        Assert.True(body.Contains("\"isAuthorized\":true") || body.Contains("\"Effect\":\"Allow\""), body);
    }

    [Theory]
    [InlineData(Fixtures.RestRequest, true)]
    [InlineData(Fixtures.RestRequest, false)]
    [InlineData(Fixtures.HttpApiV2, true)]
    [InlineData(Fixtures.HttpApiV2, false)]
    public async Task BoundToken_WithAnotherCertificateOrNone_IsCertificateMismatch(string fixture, bool another)
    {
        var outcome = await Handler().HandleAsync(Event(fixture, BoundToken(), another ? _other : null), "r", CancellationToken.None);

        Assert.Equal(LambdaError.Unauthorized, outcome.Error);
        Assert.Contains("Unauthorized (certificate_mismatch)", _engine.Log.ToString());
    }

    [Fact]
    public async Task RestToken_BoundToken_IsCertificateMismatch_ForTheEventCarriesNoCertificate()
    {
        var outcome = await Handler().HandleAsync(Fixtures.Bytes(Fixtures.RestToken, BoundToken()), "r", CancellationToken.None);

        Assert.Equal(LambdaError.Unauthorized, outcome.Error);
        Assert.Contains("Unauthorized (certificate_mismatch)", _engine.Log.ToString());
    }
}
