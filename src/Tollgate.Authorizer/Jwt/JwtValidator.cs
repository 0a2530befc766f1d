using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Jwt;

/// <summary>
/// Validates a JWT access token locally, one explicit check per step:
/// size → structure → algorithm allow-list → issuer → key (JWKS) → signature → typ → lifetime → audience.
/// Claims decide nothing until the signature has been verified, except which issuer's keys to use.
/// Synchronous (no allocation for the task) while the issuer's keys are cached.
/// </summary>
public sealed class JwtValidator : ITokenValidator
{
    private readonly Dictionary<string, TrustedIssuer> _issuers;
    private readonly JwtValidationSettings _settings;
    private readonly TimeProvider _time;

    public JwtValidator(IEnumerable<TrustedIssuer> issuers, JwtValidationSettings settings, TimeProvider time)
    {
        _issuers = issuers.ToDictionary(i => i.Issuer, StringComparer.Ordinal);
        _settings = settings;
        _time = time;
    }

    public IReadOnlyCollection<TrustedIssuer> Issuers => _issuers.Values;

    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > _settings.MaxTokenLength)
            return Done(TokenValidation.Invalid(ReasonCodes.MalformedToken, $"token is longer than {_settings.MaxTokenLength} characters"));
        if (JwtReader.Read(token, out var error) is not { } jwt)
            return Done(TokenValidation.Invalid(ReasonCodes.MalformedToken, error));
        if (jwt.Algorithm is not { } alg || !_settings.Allows(alg))
            return Done(TokenValidation.Invalid(ReasonCodes.DisallowedAlgorithm, $"alg '{jwt.Algorithm?.Name ?? jwt.AlgorithmName}' is not allowed"));
        if (jwt.Issuer is null || !_issuers.TryGetValue(jwt.Issuer, out var issuer))
            return Done(TokenValidation.Invalid(ReasonCodes.WrongIssuer, $"iss '{jwt.Issuer}' is not trusted"));

        var lookup = issuer.Keys.FindAsync(jwt.Kid, cancellationToken);
        return lookup.IsCompletedSuccessfully
            ? Done(Check(token, jwt, alg, issuer, lookup.Result))
            : CheckAsync(token, jwt, alg, issuer, lookup);
    }

    private async ValueTask<TokenValidation> CheckAsync(string token, JwtContent jwt, JwsAlgorithm alg, TrustedIssuer issuer, ValueTask<KeyLookup> lookup)
        => Check(token, jwt, alg, issuer, await lookup);

    private TokenValidation Check(string token, JwtContent jwt, JwsAlgorithm alg, TrustedIssuer issuer, KeyLookup lookup)
    {
        if (lookup.Key is not { } key)
            return lookup.KeysUnavailable
                ? TokenValidation.Invalid(ReasonCodes.KeysUnavailable, $"no keys could be fetched for issuer {issuer.Issuer}")
                : TokenValidation.Invalid(ReasonCodes.UnknownKey, $"kid '{jwt.Kid}' is not published by {issuer.Issuer}");
        if (!key.Fits(alg))
            return TokenValidation.Invalid(ReasonCodes.BadSignature, $"key '{jwt.Kid}' cannot verify {alg.Name}");
        if (!VerifySignature(token, jwt.SignatureDot, alg, key))
            return TokenValidation.Invalid(ReasonCodes.BadSignature);
        if (!_settings.AcceptsType(jwt.Typ))
            return TokenValidation.Invalid(ReasonCodes.WrongType, $"typ '{jwt.Typ}' is not accepted");

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var skew = _settings.ClockSkewSeconds;
        if (jwt.ExpiresAt is not { } exp)
            return TokenValidation.Invalid(ReasonCodes.MalformedToken, "token has no exp");
        if (now >= exp + skew)
            return TokenValidation.Invalid(ReasonCodes.Expired);
        if (jwt.NotBefore is { } nbf && nbf - skew > now)
            return TokenValidation.Invalid(ReasonCodes.NotYetValid, "nbf is in the future");
        if (jwt.IssuedAt is { } iat && iat - skew > now)
            return TokenValidation.Invalid(ReasonCodes.NotYetValid, "iat is in the future");
        if (!issuer.AcceptsAudience(jwt.Audiences, jwt.ClientId))
            return TokenValidation.Invalid(ReasonCodes.WrongAudience, $"aud '{string.Join(' ', jwt.Audiences)}' is not accepted");

        // The decision cache keeps what follows for every valid token: share strings where they repeat.
        issuer.ShareAudiences(jwt.Audiences);
        return TokenValidation.Valid(new ValidatedToken
        {
            Issuer = issuer.Issuer,
            Subject = jwt.Subject == jwt.ClientId ? jwt.ClientId : jwt.Subject, // client credentials: sub is the client id
            ClientId = jwt.ClientId,
            Jti = jwt.Jti,
            Audiences = jwt.Audiences,
            Scopes = jwt.Scopes,
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(exp),
            IssuedAt = jwt.IssuedAt is { } issued ? DateTimeOffset.FromUnixTimeSeconds(issued) : null,
            Jkt = jwt.Jkt,
            X5t = jwt.X5t,
            SignedBy = key,
        });
    }

    /// <summary>
    /// Checks the signature over <c>token[..signatureDot]</c>: hashes the signing input with the
    /// algorithm's hash function, then verifies the signature over that hash.
    /// </summary>
    internal static bool VerifySignature(string token, int signatureDot, JwsAlgorithm alg, VerificationKey key)
    {
        var signatureChars = token.AsSpan(signatureDot + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(signatureDot, Base64Url.GetMaxDecodedLength(signatureChars.Length)));
        try
        {
            // The signing input is the ASCII of header.payload, as it came (JwtReader checked it is base64url).
            var signingInput = buffer.AsSpan(0, Encoding.ASCII.GetBytes(token.AsSpan(0, signatureDot), buffer));
            Span<byte> hash = stackalloc byte[alg.HashLength];
            CryptographicOperations.HashData(alg.Hash, signingInput, hash);
            // The signing input is hashed: the buffer takes the signature now.
            return Base64UrlDecoder.TryDecode(signatureChars, buffer, out var written)
                && key.VerifyHash(alg, hash, buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ValueTask<TokenValidation> Done(TokenValidation result) => ValueTask.FromResult(result);
}
