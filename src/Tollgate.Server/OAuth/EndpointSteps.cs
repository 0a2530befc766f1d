using Microsoft.AspNetCore.Http;
using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.OAuth;

/// <summary>Steps the OAuth endpoints share; each writes the RFC 6749 error itself and returns null on failure.</summary>
internal static class EndpointSteps
{
    public static async ValueTask<Dictionary<string, string>?> ReadParametersAsync(HttpContext context, int maxBytes, bool allowJson)
    {
        var form = await FormReader.ReadAsync(context.Request, maxBytes, allowJson);
        if (form.Error is null) return form.Value;
        await OAuthResponses.WriteErrorAsync(context, form.Error, OAuthResponses.UsedBasic(context.Request));
        return null;
    }

    public static async ValueTask<Client?> AuthenticateClientAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters, ClientAuthenticator authenticator)
    {
        var credential = ClientCredentialReader.Read(context.Request, parameters);
        var client = credential.Error is null ? await authenticator.AuthenticateAsync(credential.Value, SourceAddress(context), context.RequestAborted) : credential.Error;
        if (client.Error is null) return client.Value;
        await OAuthResponses.WriteErrorAsync(context, client.Error, OAuthResponses.UsedBasic(context.Request));
        return null;
    }

    /// <summary>The caller's address (after trusted <c>X-Forwarded-For</c>), for the failed-authentication lockout.</summary>
    public static string? SourceAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    public static async ValueTask<string?> RequireTokenAsync(HttpContext context, IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.Param("token") is { } token) return token;
        await OAuthResponses.WriteErrorAsync(context, OAuthError.InvalidRequest("token is required."), OAuthResponses.UsedBasic(context.Request));
        return null;
    }
}
