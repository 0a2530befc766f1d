using System.Text;
using System.Text.Json;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Jwt;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>
/// Proves the JWT an introspection endpoint returned for an opaque token, in one of two shapes:
/// <list type="bullet">
/// <item>RFC 9701 (<c>typ: token-introspection+jwt</c>, Tollgate's answer): signed by a trusted
/// issuer's key (the engine's JWKS cache), addressed to this client (<c>aud</c>), fresh
/// (<c>iat</c>); the decision uses its <c>token_introspection</c> claim.</item>
/// <item>Anything else (<c>application/jwt</c>, Curity's answer): an access-token JWT, validated
/// like any bearer JWT.</item>
/// </list>
/// A response that cannot be trusted is <c>introspection_failed</c>; the token's own state gives
/// <c>inactive</c>, <c>expired</c>, <c>wrong_audience</c>… The valid token forwards the JWT.
/// </summary>
internal sealed class PhantomJwtVerifier
{
    public const string IntrospectionType = "token-introspection+jwt";
    /// <summary>An RFC 9701 answer older than this (plus the skew) is refused as stale.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly JwtValidator _accessTokens;
    private readonly Dictionary<string, TrustedIssuer> _issuers;
    private readonly JwtValidationSettings _settings;
    private readonly string _clientId;
    private readonly TimeProvider _time;

    public PhantomJwtVerifier(JwtValidator accessTokens, JwtValidationSettings settings, string clientId, TimeProvider time)
    {
        _accessTokens = accessTokens;
        _issuers = accessTokens.Issuers.ToDictionary(i => i.Issuer, StringComparer.Ordinal);
        _settings = settings;
        _clientId = clientId;
        _time = time;
    }

    public async ValueTask<TokenValidation> VerifyAsync(string jwt, CancellationToken cancellationToken)
    {
        if (JwtReader.Read(jwt, out var error) is not { } content) return Failed($"the answer is not a JWT: {error}");
        if (!IsIntrospectionType(content.Typ))
        {
            var validation = await _accessTokens.ValidateAsync(jwt, cancellationToken);
            return validation.Token is { } token ? TokenValidation.Valid(ForwardingValidator.With(token, jwt)) : validation;
        }

        if (content.Algorithm is not { } alg || !_settings.Allows(alg)) return Failed($"alg '{content.Algorithm?.Name ?? content.AlgorithmName}' is not allowed");
        if (content.Issuer is null || !_issuers.TryGetValue(content.Issuer, out var issuer)) return Failed($"iss '{content.Issuer}' is not a trusted issuer");
        var lookup = await issuer.Keys.FindAsync(content.Kid, cancellationToken);
        if (lookup.Key is not { } key || !key.Fits(alg) || !JwtValidator.VerifySignature(jwt, content.SignatureDot, alg, key))
            return Failed($"the signature does not verify with {issuer.Issuer}'s keys (kid '{content.Kid}')");
        if (!content.Audiences.Contains(_clientId, StringComparer.Ordinal)) return Failed($"aud '{string.Join(' ', content.Audiences)}' is not this client");

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var skew = _settings.ClockSkewSeconds;
        if (content.IssuedAt is not { } iat || iat - skew > now || now - iat > (long)MaxAge.TotalSeconds + skew)
            return Failed("iat is missing or the answer is not fresh");

        ValidatedToken? answer;
        try
        {
            answer = IntrospectionResponse.Read(TokenIntrospectionClaim(jwt), issuer.Issuer);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return Failed($"token_introspection: {ex.Message}");
        }
        if (answer is null) return TokenValidation.Invalid(ReasonCodes.Inactive, "introspection says active: false");
        if (!string.Equals(answer.Issuer, issuer.Issuer, StringComparison.Ordinal))
            return TokenValidation.Invalid(ReasonCodes.WrongIssuer, $"the token's iss '{answer.Issuer}' is not the answer's");
        if (answer.ExpiresAt is not { } exp) return Failed("token_introspection has no exp");
        if (exp.ToUnixTimeSeconds() <= now) return TokenValidation.Invalid(ReasonCodes.Expired, "introspection says active, but exp has passed");
        if (!issuer.AcceptsAudience([.. answer.Audiences], answer.ClientId))
            return TokenValidation.Invalid(ReasonCodes.WrongAudience, $"aud '{string.Join(' ', answer.Audiences)}' is not accepted");

        return TokenValidation.Valid(new ValidatedToken
        {
            Issuer = answer.Issuer,
            Subject = answer.Subject,
            ClientId = answer.ClientId,
            Jti = answer.Jti,
            Audiences = answer.Audiences,
            Scopes = answer.Scopes,
            ExpiresAt = answer.ExpiresAt,
            IssuedAt = answer.IssuedAt,
            SignedBy = key,
            ForwardToken = jwt,
        });
    }

    private static bool IsIntrospectionType(string? typ)
    {
        if (typ is null) return false;
        var value = typ.AsSpan();
        if (value.StartsWith("application/", StringComparison.OrdinalIgnoreCase)) value = value["application/".Length..];
        return value.Equals(IntrospectionType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The <c>token_introspection</c> object of a payload the signature has already proved.</summary>
    private static byte[] TokenIntrospectionClaim(string jwt)
    {
        var parts = jwt.Split('.');
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        if (!payload.RootElement.TryGetProperty("token_introspection", out var claim) || claim.ValueKind != JsonValueKind.Object)
            throw new FormatException("the claim is missing or not an object");
        return Encoding.UTF8.GetBytes(claim.GetRawText());
    }

    private static TokenValidation Failed(string detail) => TokenValidation.Invalid(ReasonCodes.IntrospectionFailed, detail);
}
