using Microsoft.AspNetCore.Http;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.OAuth;

/// <summary>
/// Who may ask about tokens (introspection, the revocation feed): a client registered with
/// <c>allow_introspection</c>, using its own authentication method, or a holder of an admin token.
/// Writes the error itself and returns null when the caller may not.
/// </summary>
internal static class GatewayCaller
{
    public static async ValueTask<string?> AuthenticateAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters,
        ClientAuthenticator authenticator, AdminToken adminToken)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var (status, claims) = await adminToken.CheckAsync(authorization, context.RequestAborted);
            if (status == AdminTokenStatus.Valid) return claims!.ClientId;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await OAuthResponses.WriteErrorAsync(context, OAuthError.InvalidClient("The bearer token is not a valid admin token."), false);
            return null;
        }

        if (await EndpointSteps.AuthenticateClientAsync(context, parameters, authenticator) is not { } client) return null;
        if (client.AllowIntrospection) return client.ClientId;
        await OAuthResponses.WriteErrorAsync(context,
            new OAuthError("unauthorized_client", "This client may not ask about tokens (allow_introspection is off).", 403), false);
        return null;
    }
}
