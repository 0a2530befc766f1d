using System.Net.Http.Headers;
using System.Text;
using Tollgate.Authorizer.Configuration;

namespace Tollgate.Authorizer.Introspection;

/// <summary>The request both introspection clients send: RFC 7662 form, HTTP Basic client credentials.</summary>
internal static class IntrospectionRequest
{
    /// <summary>RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.</summary>
    public static AuthenticationHeaderValue BasicCredentials(IntrospectionOptions settings) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(settings.ClientId) + ":" + Uri.EscapeDataString(settings.ClientSecret))));

    /// <param name="accept"><c>application/json</c> (RFC 7662) or <c>application/jwt</c> (RFC 9701, the phantom token).</param>
    public static HttpRequestMessage Create(Uri endpoint, AuthenticationHeaderValue credentials, string token, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent([new("token", token), new("token_type_hint", "access_token")]),
        };
        request.Headers.Authorization = credentials;
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }
}
