using System.Security.Cryptography;
using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Jwks;

/// <summary>
/// One public key from a JWKS, ready to verify: the parameters are imported once and verifying
/// threads rent instances from a small pool (for RS256, OpenSSL contexts where it can: see
/// <see cref="OpenSslRs256Verifier"/>). A key the issuer stops publishing is marked
/// <see cref="IsRetired"/>, which evicts tokens it signed from the validation cache.
/// </summary>
public sealed class VerificationKey : IDisposable
{
    /// <summary>
    /// RS256 moves to OpenSSL contexts (<see cref="OpenSslRs256Verifier"/>) at this key's
    /// <c>DirectAfter</c>-th verification: setting them up (P/Invoke stubs, a second key import)
    /// costs more than a few .NET verifications, which a Lambda cold start deciding one token feels.
    /// </summary>
    private const int DirectAfter = 16;

    private readonly InstancePool<RSA>? _rsa;
    private OpenSslRs256Verifier? _rs256;
    private int _rs256Verifications;
    private volatile bool _disposed;
    private readonly InstancePool<ECDsa>? _ec;
    private volatile bool _retired;

    private VerificationKey(string? kid, string? alg, string thumbprint)
    {
        Kid = kid;
        Alg = alg;
        Thumbprint = thumbprint;
    }

    public VerificationKey(string? kid, string? alg, RSAParameters parameters, string thumbprint) : this(kid, alg, thumbprint)
    {
        Family = JwsKeyFamily.Rsa;
        KeySizeBits = parameters.Modulus!.Length * 8;
        _rsa = new InstancePool<RSA>(() => RSA.Create(parameters));
        _rsa.Return(_rsa.Rent()); // imports once now, so bad key material fails at load, not per request
    }

    public VerificationKey(string? kid, string? alg, string curve, ECParameters parameters, string thumbprint) : this(kid, alg, thumbprint)
    {
        Family = JwsKeyFamily.Ec;
        Curve = curve;
        _ec = new InstancePool<ECDsa>(() => ECDsa.Create(parameters));
        _ec.Return(_ec.Rent());
    }

    public string? Kid { get; }
    /// <summary>The JWK's <c>alg</c>, when it names one: the key then verifies only that algorithm.</summary>
    public string? Alg { get; }
    public JwsKeyFamily Family { get; }
    public string? Curve { get; }
    public int KeySizeBits { get; }
    /// <summary>The key material's identity (its public members), to spot a kid reused for a new key.</summary>
    internal string Thumbprint { get; }
    public bool IsRetired => _retired;

    internal void Retire() => _retired = true;

    /// <summary>Whether this key may verify <paramref name="alg"/>: same family, same curve, and the JWK's alg if it has one.</summary>
    public bool Fits(JwsAlgorithm alg) =>
        alg.Family == Family
        && (Alg is null || Alg == alg.Name)
        && (alg.Family != JwsKeyFamily.Ec || alg.Curve == Curve);

    /// <summary>
    /// Whether <paramref name="signature"/> is <paramref name="alg"/>'s signature by this key over a
    /// signing input whose hash (by <paramref name="alg"/>'s hash function) is <paramref name="hash"/>.
    /// </summary>
    internal bool VerifyHash(JwsAlgorithm alg, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (!Fits(alg) || hash.Length != alg.HashLength) return false;
        if (alg == JwsAlgorithm.RS256 && Rs256Direct() is { } direct) return direct.Verify(hash, signature);
        if (_rsa is not null)
        {
            var rsa = _rsa.Rent();
            try { return rsa.VerifyHash(hash, signature, alg.Hash, alg.Padding!); }
            finally { _rsa.Return(rsa); }
        }

        // JWS ECDSA signatures are r || s of fixed length (IEEE P1363), .NET's default format.
        if (signature.Length != alg.SignatureLength) return false;
        var ec = _ec!.Rent();
        try { return ec.VerifyHash(hash, signature); }
        finally { _ec.Return(ec); }
    }

    /// <summary>The OpenSSL RS256 verifier once this key has verified <see cref="DirectAfter"/> times (and it can exist here); else null.</summary>
    private OpenSslRs256Verifier? Rs256Direct()
    {
        if (Volatile.Read(ref _rs256) is { } direct) return direct;
        // Exactly one caller creates it; a key whose JWK names another algorithm never gets here (Fits).
        if (_rsa is null || Interlocked.Increment(ref _rs256Verifications) != DirectAfter) return null;
        var rsa = _rsa.Rent();
        try { direct = OpenSslRs256Verifier.TryCreate(rsa); }
        finally { _rsa.Return(rsa); }
        Volatile.Write(ref _rs256, direct);
        if (_disposed) Interlocked.Exchange(ref _rs256, null)?.Dispose();
        return direct;
    }

    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _rs256, null)?.Dispose();
        _rsa?.Dispose();
        _ec?.Dispose();
    }
}
