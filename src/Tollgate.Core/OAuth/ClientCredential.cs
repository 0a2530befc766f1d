namespace Tollgate.Core.OAuth;

/// <summary>How a client presented its credentials at an endpoint.</summary>
public enum ClientAuthMethod
{
    None,
    /// <summary>HTTP Basic, RFC 6749 §2.3.1.</summary>
    ClientSecretBasic,
    /// <summary>Form post or JSON body (Auth0 accepts both; both count as client_secret_post).</summary>
    ClientSecretPost,
    /// <summary>An RFC 7523 JWT assertion signed with the client's private key.</summary>
    PrivateKeyJwt,
    /// <summary>Only the TLS client certificate of the connection and <c>client_id</c> (RFC 8705 §2).</summary>
    TlsClientCertificate,
}

/// <summary>
/// The credentials a caller presented, before they are checked. <see cref="Certificate"/> is the TLS client
/// certificate of the connection, when there is one, whatever the method: a token may be bound to it.
/// </summary>
public sealed record ClientCredential(string ClientId, string? Secret, ClientAuthMethod Method, string? Assertion = null,
    System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate = null);
