using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tollgate.Core.Apis;
using Tollgate.Core.Introspection;
using Tollgate.Core.Keys;
using Tollgate.Core.OAuth;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.OAuth;

/// <summary>
/// <c>POST /oauth2/introspect</c> (RFC 7662). The caller is a client with <c>allow_introspection</c>,
/// or presents an admin bearer token. <c>Accept: application/jwt</c> gets the RFC 9701 signed answer.
/// </summary>
public static class IntrospectionEndpoint
{
    public const string SpanName = "tollgate.introspection";

    public static async Task HandleAsync(HttpContext context, ClientAuthenticator authenticator, AdminToken adminToken, TokenInspector inspector,
        KeyRing keys, IIssuer issuer, TimeProvider time, IOptions<TollgateOptions> options, Telemetry.ServerMetrics metrics)
    {
        using var span = Authorizer.Telemetry.AuthorizerTracing.Source.StartActivity(SpanName);
        var request = context.Request;
        if (await EndpointSteps.ReadParametersAsync(context, options.Value.MaxFormBytes, allowJson: false) is not { } parameters) return;

        if (await GatewayCaller.AuthenticateAsync(context, parameters, authenticator, adminToken) is not { } requester) return;
        if (await EndpointSteps.RequireTokenAsync(context, parameters) is not { } token) return;

        var active = await inspector.InspectAsync(token, context.RequestAborted);
        metrics.Introspected(active is not null);
        span?.SetTag("tollgate.introspection.active", active is not null);
        if (WantsJwt(request))
        {
            var now = time.GetUtcNow();
            var key = keys.Current(SigningAlgorithms.RS256, now)!;
            context.Response.ContentType = "application/token-introspection+jwt";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(IntrospectionJwt.Write(key, issuer.Value, requester, now, active));
            return;
        }
        await OAuthResponses.WriteJsonAsync(context, json => IntrospectionJwt.WriteResponse(json, active));
    }

    private static bool WantsJwt(HttpRequest request)
    {
        foreach (var accept in request.GetTypedHeaders().Accept)
            if (accept.MediaType.Value is "application/jwt" or "application/token-introspection+jwt") return true;
        return false;
    }
}
