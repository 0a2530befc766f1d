using System.Text;
using Microsoft.AspNetCore.Http;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.OAuth;

/// <summary>
/// Finds the client's credentials: HTTP Basic (RFC 6749 §2.3.1: id and secret each
/// form-url-decoded) or <c>client_id</c>/<c>client_secret</c> in the body. Using both is an error.
/// <c>client_id</c> alone with a TLS client certificate is RFC 8705 client authentication; with any method
/// the connection's certificate goes along, for a certificate-bound token.
/// </summary>
public static class ClientCredentialReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static OAuthResult<ClientCredential?> Read(HttpRequest request, IReadOnlyDictionary<string, string> parameters)
    {
        var read = ReadPresented(request, parameters);
        if (read.Error is not null || request.HttpContext.Connection.ClientCertificate is not { } certificate) return read;
        if (read.Value is null)
        {
            return parameters.Param("client_id") is { } id
                ? new ClientCredential(id, null, ClientAuthMethod.TlsClientCertificate, Certificate: certificate)
                : (ClientCredential?)null;
        }
        return read.Value with { Certificate = certificate };
    }

    private static OAuthResult<ClientCredential?> ReadPresented(HttpRequest request, IReadOnlyDictionary<string, string> parameters)
    {
        var bodyId = parameters.Param("client_id");
        var bodySecret = parameters.Param("client_secret");
        var header = request.Headers.Authorization.ToString();

        if (parameters.Param("client_assertion_type") is { } assertionType)
        {
            if (assertionType != ClientAssertionValidator.AssertionType)
                return OAuthError.InvalidRequest($"client_assertion_type must be {ClientAssertionValidator.AssertionType}.");
            if (parameters.Param("client_assertion") is not { } assertion) return OAuthError.InvalidRequest("client_assertion is required with client_assertion_type.");
            if (header.Length > 0 || bodySecret is not null)
                return OAuthError.InvalidRequest("Use one client authentication method: a client assertion, HTTP Basic or client_secret, not several.");
            var subject = ClientAssertionValidator.PeekSubject(assertion);
            if (subject is null) return OAuthError.InvalidClient("client_assertion is not a readable JWT.");
            if (bodyId is not null && bodyId != subject) return OAuthError.InvalidClient("client_id differs from the assertion's subject.");
            return new ClientCredential(subject, null, ClientAuthMethod.PrivateKeyJwt, assertion);
        }
        if (parameters.Param("client_assertion") is not null) return OAuthError.InvalidRequest("client_assertion_type is required with client_assertion.");

        if (header.Length == 0)
        {
            // client_id alone: a TLS client certificate may prove it (Read); without one it is a post without a secret.
            if (bodyId is null || (bodySecret is null && request.HttpContext.Connection.ClientCertificate is not null)) return (ClientCredential?)null;
            return new ClientCredential(bodyId, bodySecret, ClientAuthMethod.ClientSecretPost);
        }

        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return OAuthError.InvalidRequest("The Authorization header must use the Basic scheme at this endpoint.");
        if (bodySecret is not null)
            return OAuthError.InvalidRequest("Use one client authentication method: HTTP Basic or client_secret in the body, not both.");

        var basic = DecodeBasic(header.AsSpan(6).Trim());
        if (basic is null)
            return OAuthError.InvalidRequest("The Authorization header is not valid Basic credentials (base64 of form-encoded id:secret).");
        var (id, secret) = basic.Value;
        if (bodyId is not null && bodyId != id)
            return OAuthError.InvalidRequest("client_id in the body differs from the one in the Authorization header.");
        return new ClientCredential(id, secret, ClientAuthMethod.ClientSecretBasic);
    }

    private static (string Id, string Secret)? DecodeBasic(ReadOnlySpan<char> encoded)
    {
        if (encoded.Length is 0 or > 4096) return null;
        var bytes = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, bytes, out var written)) return null;
        string decoded;
        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return null;
        var id = FormReader.Decode(Encoding.UTF8.GetBytes(decoded[..colon]));
        var secret = FormReader.Decode(Encoding.UTF8.GetBytes(decoded[(colon + 1)..]));
        return id is null || secret is null || id.Length == 0 ? null : (id, secret);
    }

    /// <summary>A parameter's value, or null when absent or empty (RFC 6749 §3.1).</summary>
    public static string? Param(this IReadOnlyDictionary<string, string> parameters, string name)
        => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
