using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tollgate.Core.OAuth;
using Tollgate.Core.TokenEndpoint;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.OAuth;

/// <summary><c>POST /oauth2/token</c>: reads the request off the wire and hands it to the grant.</summary>
public static class TokenEndpoint
{
    public static async Task HandleAsync(HttpContext context, ClientCredentialsGrant grant, IOptions<TollgateOptions> options)
    {
        var basic = OAuthResponses.UsedBasic(context.Request);
        if (await EndpointSteps.ReadParametersAsync(context, options.Value.MaxFormBytes, allowJson: true) is not { } parameters) return;
        var credential = ClientCredentialReader.Read(context.Request, parameters);
        if (credential.Error is { } credentialError)
        {
            await OAuthResponses.WriteErrorAsync(context, credentialError, basic);
            return;
        }

        var request = new TokenRequest(parameters.Param("grant_type"), credential.Value, parameters.Param("audience"),
            parameters.Param("resource"), parameters.Param("scope"));
        var result = await grant.HandleAsync(request, context.RequestAborted);
        if (result.Error is { } error)
        {
            await OAuthResponses.WriteErrorAsync(context, error, basic);
            return;
        }

        var token = result.Value!;
        await OAuthResponses.WriteJsonAsync(context, json =>
        {
            json.WriteString("access_token", token.AccessToken);
            json.WriteString("token_type", token.TokenType);
            json.WriteNumber("expires_in", token.ExpiresIn);
            json.WriteString("scope", token.Scope);
        });
    }
}
