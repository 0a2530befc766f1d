using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tollgate.Server.Tests.Mtls;

/// <summary>Certificates made for one test run: a CA, client certificates it issues, self-signed ones, and the server's.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=Tollgate Test CA, O=Example", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        OtherCa = SelfSigned("CN=Some Other CA", ca: true);
    }

    public X509Certificate2 Ca { get; }
    public X509Certificate2 OtherCa { get; }

    /// <summary>A client certificate the CA issued, with a private key usable by SslStream.</summary>
    public X509Certificate2 Issued(string subject, string? dnsName = null, string? uri = null, string? email = null, X509Certificate2? by = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ClientRequest(subject, key, dnsName, uri, email);
        var issuer = by ?? Ca;
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = by is null
            ? request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial)
            : request.Create(issuer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return Loadable(signed.CopyWithPrivateKey(key));
    }

    /// <summary>A self-signed certificate (its key is what a self_signed_tls_client_auth client registers).</summary>
    public static X509Certificate2 SelfSigned(string subject, bool ca = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ClientRequest(subject, key, null, null, null);
        if (ca) request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return Loadable(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(ca ? 30 : 7)));
    }

    /// <summary>The server's certificate for https://127.0.0.1, written as PEM files Kestrel reads.</summary>
    public static (string CertPath, string KeyPath, string Thumbprint) ServerFiles(string directory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        Directory.CreateDirectory(directory);
        var certPath = Path.Combine(directory, "server.crt");
        var keyPath = Path.Combine(directory, "server.key");
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, cert.GetCertHashString());
    }

    /// <summary>The public key of a certificate as a JWK Set, as a client registers it.</summary>
    public static string JwksOf(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey()!;
        var p = key.ExportParameters(false);
        return $$"""{"keys":[{"kty":"EC","crv":"P-256","use":"sig","x":"{{Base64Url(p.Q.X!)}}","y":"{{Base64Url(p.Q.Y!)}}"}]}""";
    }

    /// <summary>RFC 8705 §3.1 x5t#S256, computed here independently of the code under test.</summary>
    public static string Thumbprint(X509Certificate2 certificate) => Base64Url(SHA256.HashData(certificate.RawData));

    private static CertificateRequest ClientRequest(string subject, ECDsa key, string? dnsName, string? uri, string? email)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (dnsName is not null || uri is not null || email is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            if (dnsName is not null) san.AddDnsName(dnsName);
            if (uri is not null) san.AddUri(new Uri(uri));
            if (email is not null) san.AddEmailAddress(email);
            request.CertificateExtensions.Add(san.Build());
        }
        return request;
    }

    // SslStream on Linux wants the key in a form it can hand to OpenSSL: a PKCS#12 round trip gives that.
    private static X509Certificate2 Loadable(X509Certificate2 withKey)
    {
        using (withKey) return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        Ca.Dispose();
        OtherCa.Dispose();
        _caKey.Dispose();
    }
}
