using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;
using Tollgate.Core.Clients;

namespace Tollgate.Core.OAuth;

/// <summary>The CAs whose certificates prove a <c>tls_client_auth</c> client (RFC 8705 §2.1); empty when none is configured.</summary>
public sealed class MtlsTrust(X509Certificate2Collection anchors)
{
    public static readonly MtlsTrust None = new([]);

    public X509Certificate2Collection Anchors { get; } = anchors;
}

/// <summary>
/// RFC 8705 client authentication with the TLS client certificate of the connection:
/// <list type="bullet">
/// <item><c>tls_client_auth</c> (§2.1): the chain ends at a configured CA (no revocation check), the
/// certificate is valid now, and its subject DN or one of its subject alternative names is the one registered.</item>
/// <item><c>self_signed_tls_client_auth</c> (§2.2): the certificate is valid now and its public key is one
/// of the client's registered keys (<c>jwks</c> or <c>jwks_uri</c>, with or without <c>x5c</c>).</item>
/// </list>
/// Returns null when the certificate proves the client, else what failed (for the log, not the caller).
/// </summary>
public sealed class ClientCertificateValidator(ClientKeys keys, MtlsTrust trust, TimeProvider time)
{
    private const string SubjectAltNameOid = "2.5.29.17", ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public async ValueTask<string?> ValidateAsync(Client client, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
            return "the certificate is expired or not yet valid";
        return client.TokenEndpointAuthMethod switch
        {
            AuthMethods.TlsClientAuth => CheckIssued(client, certificate, now),
            AuthMethods.SelfSignedTlsClientAuth => await CheckRegisteredKeyAsync(client, certificate, cancellationToken),
            _ => $"the client authenticates with {client.TokenEndpointAuthMethod}",
        };
    }

    private string? CheckIssued(Client client, X509Certificate2 certificate, DateTimeOffset now)
    {
        if (trust.Anchors.Count == 0) return "no trusted CA is configured (Tollgate:Mtls:TrustedCaFile)";
        if (client.TlsClientAuth is not { } subject) return "the client has no registered certificate subject";
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(trust.Anchors);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
            if (!chain.Build(certificate))
                return "the certificate does not chain to a trusted CA: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status));
        }
        return Matches(certificate, subject) ? null : $"the certificate does not have the registered {subject.Field}";
    }

    /// <summary>RFC 8705 §2.1.2: exactly the registered subject DN (attribute values case-insensitive), or one SAN equal to the registered one.</summary>
    public static bool Matches(X509Certificate2 certificate, TlsClientAuthSubject subject)
    {
        switch (subject.Field)
        {
            case TlsClientAuthSubject.SubjectDn:
                return string.Equals(Normalize(subject.Value), certificate.SubjectName.Format(false), StringComparison.OrdinalIgnoreCase);
            case TlsClientAuthSubject.SanDns:
                return AltNames(certificate).SelectMany(e => e.EnumerateDnsNames()).Any(n => string.Equals(n, subject.Value, StringComparison.OrdinalIgnoreCase));
            case TlsClientAuthSubject.SanIp:
                return IPAddress.TryParse(subject.Value, out var ip) && AltNames(certificate).SelectMany(e => e.EnumerateIPAddresses()).Any(ip.Equals);
            case TlsClientAuthSubject.SanUri:
                return AltNameStrings(certificate, 6).Contains(subject.Value, StringComparer.Ordinal);
            case TlsClientAuthSubject.SanEmail:
                return AltNameStrings(certificate, 1).Contains(subject.Value, StringComparer.OrdinalIgnoreCase);
            default:
                return false;
        }
    }

    /// <summary>A DN as the certificate's own would print: parsed and formatted, so spacing and quoting do not matter. Null when unreadable.</summary>
    public static string? Normalize(string distinguishedName)
    {
        try
        {
            return new X500DistinguishedName(distinguishedName).Format(false);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static IEnumerable<X509SubjectAlternativeNameExtension> AltNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>();

    /// <summary>
    /// The IA5String names of one GeneralName kind ([1] rfc822Name, [6] uniformResourceIdentifier): .NET's SAN
    /// extension type reads only DNS names and IP addresses, so these two are read off the DER here.
    /// </summary>
    private static List<string> AltNameStrings(X509Certificate2 certificate, int tag)
    {
        var names = new List<string>();
        var wanted = new Asn1Tag(TagClass.ContextSpecific, tag);
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid) continue;
            try
            {
                var generalNames = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                while (generalNames.HasData)
                {
                    if (generalNames.PeekTag().HasSameClassAndValue(wanted))
                        names.Add(generalNames.ReadCharacterString(UniversalTagNumber.IA5String, wanted));
                    else
                        generalNames.ReadEncodedValue();
                }
            }
            catch (AsnContentException)
            {
                // An unreadable extension names nothing.
            }
        }
        return names;
    }

    private async ValueTask<string?> CheckRegisteredKeyAsync(Client client, X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var registered = await keys.GetAsync(client, null, cancellationToken);
        if (registered.Count == 0) return "the client's JWK Set has no usable key";
        using var rsa = certificate.GetRSAPublicKey();
        using var ec = certificate.GetECDsaPublicKey();
        foreach (var key in registered)
            if (SameKey(key, rsa, ec)) return null;
        return "the certificate's key is not in the client's JWK Set";
    }

    private static bool SameKey(SecurityKey key, RSA? rsa, ECDsa? ec)
    {
        switch (key)
        {
            case X509SecurityKey x509:
                using (var otherRsa = x509.Certificate.GetRSAPublicKey())
                using (var otherEc = x509.Certificate.GetECDsaPublicKey())
                    return (rsa is not null && otherRsa is not null && SameRsa(rsa.ExportParameters(false), otherRsa.ExportParameters(false)))
                        || (ec is not null && otherEc is not null && SameEc(ec.ExportParameters(false), otherEc.ExportParameters(false)));
            case RsaSecurityKey r when rsa is not null:
                return SameRsa(rsa.ExportParameters(false), r.Rsa?.ExportParameters(false) ?? r.Parameters);
            case ECDsaSecurityKey e when ec is not null:
                return SameEc(ec.ExportParameters(false), e.ECDsa.ExportParameters(false));
            default:
                return false;
        }
    }

    private static bool SameRsa(RSAParameters a, RSAParameters b) =>
        a.Modulus is not null && b.Modulus is not null && a.Modulus.AsSpan().SequenceEqual(b.Modulus) && a.Exponent.AsSpan().SequenceEqual(b.Exponent);

    private static bool SameEc(ECParameters a, ECParameters b) =>
        a.Q.X is not null && b.Q.X is not null && a.Q.X.AsSpan().SequenceEqual(b.Q.X) && a.Q.Y.AsSpan().SequenceEqual(b.Q.Y);
}
