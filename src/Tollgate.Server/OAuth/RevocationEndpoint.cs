using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tollgate.Core.OAuth;
using Tollgate.Core.Revocation;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.OAuth;

/// <summary><c>POST /oauth2/revoke</c> (RFC 7009): 200 whether or not there was anything to revoke.</summary>
public static class RevocationEndpoint
{
    public static async Task HandleAsync(HttpContext context, ClientAuthenticator authenticator, TokenRevoker revoker, IOptions<TollgateOptions> options)
    {
        if (await EndpointSteps.ReadParametersAsync(context, options.Value.MaxFormBytes, allowJson: false) is not { } parameters) return;
        if (await EndpointSteps.AuthenticateClientAsync(context, parameters, authenticator) is not { } client) return;
        if (await EndpointSteps.RequireTokenAsync(context, parameters) is not { } token) return;

        await revoker.RevokeAsync(client, token, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
    }
}
