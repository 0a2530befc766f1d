using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Keys;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.Discovery;

/// <summary>RFC 8414 metadata (also served as OpenID configuration) and the JWKS.</summary>
public static class DiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/oauth-authorization-server", Metadata).WithTags("Discovery");
        app.MapGet("/.well-known/openid-configuration", Metadata).WithTags("Discovery");
        app.MapGet("/.well-known/jwks.json", Jwks).WithTags("Discovery");
        return app;
    }

    private static JsonArray List(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static IResult Metadata(IIssuer issuer, HttpContext context, Authorizer.Dpop.DpopProofValidator dpop, Hosting.MtlsOptions mtls, Core.TokenEndpoint.TokenPipeline tokens)
    {
        var iss = issuer.Value;
        context.Response.Headers.CacheControl = "public, max-age=300";
        // The RFC 8705 methods only where a client certificate can reach the server (Kestrel asks for one, or a proxy forwards it).
        var methods = mtls.Available ? AuthMethods.Supported
            : AuthMethods.Supported.Where(m => m is not (AuthMethods.TlsClientAuth or AuthMethods.SelfSignedTlsClientAuth)).ToArray().AsEnumerable();
        var metadata = new JsonObject
        {
            ["issuer"] = iss,
            ["token_endpoint"] = $"{iss}/oauth2/token",
            ["introspection_endpoint"] = $"{iss}/oauth2/introspect",
            ["revocation_endpoint"] = $"{iss}/oauth2/revoke",
            ["jwks_uri"] = $"{iss}/.well-known/jwks.json",
            ["tollgate_revocation_feed_endpoint"] = $"{iss}/revocations",
            ["grant_types_supported"] = List(tokens.GrantTypes),
            ["response_types_supported"] = new JsonArray(),
            ["token_endpoint_auth_methods_supported"] = List(methods),
            ["introspection_endpoint_auth_methods_supported"] = List(methods),
            ["revocation_endpoint_auth_methods_supported"] = List(methods),
            ["token_endpoint_auth_signing_alg_values_supported"] = List(SigningAlgorithms.Supported),
            ["introspection_signing_alg_values_supported"] = List([SigningAlgorithms.RS256]),
            ["access_token_signing_alg_values_supported"] = List(SigningAlgorithms.Supported),
            ["subject_types_supported"] = List(["public"]),
            ["scopes_supported"] = new JsonArray(),
            ["dpop_signing_alg_values_supported"] = List(OAuth.DpopStep.Algorithms(dpop)),
        };
        if (mtls.Available) metadata["tls_client_certificate_bound_access_tokens"] = true;
        return Results.Json(metadata, Hosting.ServerJson.Default.JsonObject);
    }

    /// <summary>The keys that may have signed a live token, with a cache lifetime caches should respect.</summary>
    private static IResult Jwks(KeyRing keys, HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Bytes(keys.JwksJson, "application/jwk-set+json");
    }
}
