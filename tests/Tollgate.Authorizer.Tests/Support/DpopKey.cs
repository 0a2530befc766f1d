using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Tests.Dpop;

/// <summary>
/// A client's DPoP key pair that makes proofs as RFC 9449 describes, with every header member and
/// claim overridable (a null value removes it), so tests can forge each kind of bad proof.
/// Shared by the authorizer and server tests (linked source).
/// </summary>
public sealed class DpopKey : IDisposable
{
    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;

    private DpopKey(string alg, ECDsa? ec, RSA? rsa) { Alg = alg; _ec = ec; _rsa = rsa; }

    public static DpopKey Es256() => new("ES256", ECDsa.Create(ECCurve.NamedCurves.nistP256), null);
    public static DpopKey Es384() => new("ES384", ECDsa.Create(ECCurve.NamedCurves.nistP384), null);
    public static DpopKey Rs256(int bits = 2048) => new("RS256", null, RSA.Create(bits));
    public static DpopKey Ps256() => new("PS256", null, RSA.Create(2048));

    public string Alg { get; }

    /// <summary>The public JWK, members as RFC 7517 names them.</summary>
    public JsonObject PublicJwk()
    {
        if (_ec is not null)
        {
            var p = _ec.ExportParameters(false);
            return new JsonObject
            {
                ["kty"] = "EC",
                ["crv"] = Alg switch { "ES384" => "P-384", _ => "P-256" },
                ["x"] = Base64Url.EncodeToString(p.Q.X),
                ["y"] = Base64Url.EncodeToString(p.Q.Y),
            };
        }
        var r = _rsa!.ExportParameters(false);
        return new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(r.Modulus), ["e"] = Base64Url.EncodeToString(r.Exponent) };
    }

    /// <summary>The JWK with its private member <c>d</c>: what a careless client might send.</summary>
    public JsonObject PrivateJwk()
    {
        var jwk = PublicJwk();
        jwk["d"] = _ec is not null ? Base64Url.EncodeToString(_ec.ExportParameters(true).D) : Base64Url.EncodeToString(_rsa!.ExportParameters(true).D);
        return jwk;
    }

    /// <summary>RFC 7638 thumbprint, computed independently of the code under test.</summary>
    public string Thumbprint()
    {
        var jwk = PublicJwk();
        var canonical = _ec is not null
            ? $"{{\"crv\":\"{jwk["crv"]}\",\"kty\":\"EC\",\"x\":\"{jwk["x"]}\",\"y\":\"{jwk["y"]}\"}}"
            : $"{{\"e\":\"{jwk["e"]}\",\"kty\":\"RSA\",\"n\":\"{jwk["n"]}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Ath(string accessToken) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    /// <summary>A proof for <paramref name="method"/> <paramref name="url"/> at <paramref name="now"/>; edits change the header or claims.</summary>
    public string Proof(string method, string url, DateTimeOffset now, string? accessToken = null, string? nonce = null,
        Action<JsonObject>? editHeader = null, Action<JsonObject>? editClaims = null)
    {
        var header = new JsonObject { ["typ"] = "dpop+jwt", ["alg"] = Alg, ["jwk"] = PublicJwk() };
        var claims = new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["htm"] = method,
            ["htu"] = url,
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        if (accessToken is not null) claims["ath"] = Ath(accessToken);
        if (nonce is not null) claims["nonce"] = nonce;
        editHeader?.Invoke(header);
        editClaims?.Invoke(claims);
        return Sign(header.ToJsonString(), claims.ToJsonString());
    }

    /// <summary>Signs a hand-written header and payload with this key and <see cref="Alg"/>.</summary>
    public string Sign(string headerJson, string payloadJson)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        var data = Encoding.ASCII.GetBytes(input);
        var signature = Alg switch
        {
            "ES256" => _ec!.SignData(data, HashAlgorithmName.SHA256),
            "ES384" => _ec!.SignData(data, HashAlgorithmName.SHA384),
            "RS256" => _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            _ => throw new NotSupportedException(Alg),
        };
        return input + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose()
    {
        _ec?.Dispose();
        _rsa?.Dispose();
    }
}
