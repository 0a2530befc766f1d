using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Credentials;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Jwt;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.TokenHandler;

/// <summary>The builder's hook: the OAuth Proxy for <see cref="AuthorizerOptions.TokenHandler"/>, from parts the builder already made.</summary>
internal static class OAuthProxyFactory
{
    /// <param name="localJwt">The issuers' JWT validator (uncached); null when no issuer is configured.</param>
    /// <param name="introspection">The RFC 7662 validator for opaque tokens; null when not configured.</param>
    /// <param name="bearer">The normal bearer extraction, for <see cref="TokenHandlerOptions.AllowBearer"/>.</param>
    /// <param name="bearerValidator">The normal validator (cached), for bearer pass-through.</param>
    /// <param name="endpoint">Where <see cref="AuthorizerOptions.Introspection"/> is asked; null when not configured.</param>
    public static OAuthProxy Create(TokenHandlerOptions tokenHandler, AuthorizerOptions options, JwtValidator? localJwt, ITokenValidator? introspection,
        CredentialExtractor bearer, ITokenValidator bearerValidator, ITokenIntrospection? endpoint, TimeProvider time, ILoggerFactory loggers)
    {
        var cipher = CookieCipher.FromHex(tokenHandler.EncryptionKey);
        ITokenValidator cookieValidator;
        if (tokenHandler.UsePhantomToken)
        {
            // Validated options guarantee both: an issuer to verify the JWT, an endpoint to ask.
            var settings = new JwtValidationSettings(options.Algorithms.Select(a => JwsAlgorithm.Find(a)!), options.ValidTypes, options.ClockSkew, options.MaxTokenLength);
            var verifier = new PhantomJwtVerifier(localJwt!, settings, options.Introspection!.ClientId, time);
            cookieValidator = new PhantomTokenExchange(options.Introspection, verifier, endpoint!, time, loggers.CreateLogger<PhantomTokenExchange>());
        }
        else
        {
            // The cookie's token is forwarded as it is; the cache keeps the forwarding copy.
            cookieValidator = new ForwardingValidator(new TokenValidatorSelector(localJwt, introspection));
            if (options.DecisionCacheSize > 0)
                cookieValidator = new CachingTokenValidator(cookieValidator, Math.Max(2, options.DecisionCacheSize), options.ClockSkew, time);
        }
        return new OAuthProxy(tokenHandler, cipher, options.MaxTokenLength, options.TokenHeader, bearer, bearerValidator, cookieValidator);
    }
}
