using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Client.Dpop;

/// <summary>
/// A DPoP key pair (RFC 9449) and the proofs it signs: header <c>typ: dpop+jwt</c>, <c>alg</c> and the
/// public <c>jwk</c> (public members only); claims <c>jti</c> (fresh each time), <c>htm</c>, <c>htu</c>
/// (the URL without query and fragment), <c>iat</c>, and <c>ath</c> / <c>nonce</c> when given.
/// </summary>
internal sealed class DpopKey
{
    private readonly AsymmetricAlgorithm _key;
    private readonly Dictionary<string, string> _jwk;

    private DpopKey(AsymmetricAlgorithm key, string algorithm, Dictionary<string, string> jwk, string canonicalJwk)
    {
        _key = key;
        _jwk = jwk;
        Algorithm = algorithm;
        Thumbprint = JwsSigner.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJwk)));
    }

    public string Algorithm { get; }

    /// <summary>RFC 7638 SHA-256 thumbprint of the public key: what a bound token's <c>cnf.jkt</c> holds.</summary>
    public string Thumbprint { get; }

    /// <param name="key">An RSA key or a P-256 ECDsa key (checked by the options).</param>
    /// <param name="algorithm">RS256 / PS256 for RSA, ES256 for P-256.</param>
    public static DpopKey Create(AsymmetricAlgorithm key, string algorithm)
    {
        switch (key)
        {
            case ECDsa ec:
                var q = ec.ExportParameters(false).Q;
                string x = JwsSigner.Encode(q.X!), y = JwsSigner.Encode(q.Y!);
                return new DpopKey(key, algorithm, new() { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = x, ["y"] = y },
                    $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{x}\",\"y\":\"{y}\"}}");
            case RSA rsa:
                var p = rsa.ExportParameters(false);
                string n = JwsSigner.Encode(p.Modulus!), e = JwsSigner.Encode(p.Exponent!);
                return new DpopKey(key, algorithm, new() { ["kty"] = "RSA", ["n"] = n, ["e"] = e },
                    $"{{\"e\":\"{e}\",\"kty\":\"RSA\",\"n\":\"{n}\"}}");
            default:
                throw new InvalidOperationException("a DPoP key must be RSA or ECDsa");
        }
    }

    public string Proof(string method, Uri url, DateTimeOffset now, string? accessToken, string? nonce)
    {
        var header = new Dictionary<string, object> { ["typ"] = "dpop+jwt", ["alg"] = Algorithm, ["jwk"] = _jwk };
        var claims = new Dictionary<string, object>
        {
            ["jti"] = JwsSigner.NewJti(),
            ["htm"] = method,
            ["htu"] = Htu(url),
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        if (accessToken is not null) claims["ath"] = Ath(accessToken);
        if (nonce is not null) claims["nonce"] = nonce;
        return JwsSigner.Sign(header, claims, _key, Algorithm);
    }

    /// <summary>RFC 9449 §4.2: the target URI without query and fragment.</summary>
    public static string Htu(Uri url) => url.GetLeftPart(UriPartial.Path);

    /// <summary>RFC 9449 §4.2: base64url(SHA-256(ASCII(access token))).</summary>
    public static string Ath(string accessToken) => JwsSigner.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
}
