using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tollgate.Authorizer.Mtls;

/// <summary>
/// RFC 8705 §3.1: <c>x5t#S256</c> is the base64url SHA-256 of the certificate's DER encoding. The
/// DER comes out of the PEM the gateway forwards by base64 alone: nothing is parsed as X.509, so a
/// decision pays one small hash and only for a certificate-bound token.
/// </summary>
public static class CertificateThumbprint
{
    private const string Begin = "-----BEGIN CERTIFICATE-----", End = "-----END CERTIFICATE-----";
    private const int MaxPemLength = 16 * 1024;

    /// <summary>The thumbprint of a DER certificate.</summary>
    public static string Of(ReadOnlySpan<byte> der) => Base64Url.EncodeToString(SHA256.HashData(der));

    /// <summary>
    /// The thumbprint of the first certificate of a PEM text, which may be URL-escaped as nginx's
    /// <c>$ssl_client_escaped_cert</c> sends it. Null when the text holds no readable certificate.
    /// </summary>
    public static string? FromPem(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem) || pem.Length > MaxPemLength * 3) return null;
        if (pem.Contains('%'))
        {
            try { pem = Uri.UnescapeDataString(pem); }
            catch (UriFormatException) { return null; }
        }
        var begin = pem.IndexOf(Begin, StringComparison.Ordinal);
        if (begin < 0) return null;
        var start = begin + Begin.Length;
        var end = pem.IndexOf(End, start, StringComparison.Ordinal);
        if (end < 0 || end - start > MaxPemLength) return null;
        var body = pem.AsSpan(start, end - start);
        var der = new byte[body.Length * 3 / 4 + 3];
        // Convert.TryFromBase64Chars skips the line breaks (and spaces) inside the PEM body.
        return Convert.TryFromBase64Chars(body, der, out var written) && written > 0 ? Of(der.AsSpan(0, written)) : null;
    }
}
