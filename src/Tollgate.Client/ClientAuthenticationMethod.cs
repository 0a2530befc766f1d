namespace Tollgate.Client;

/// <summary>How the client proves itself at the token endpoint (RFC 6749 §2.3, RFC 7523).</summary>
public enum ClientAuthenticationMethod
{
    /// <summary>HTTP Basic with the form-encoded client id and secret (RFC 6749 §2.3.1).</summary>
    ClientSecretBasic,
    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost,
    /// <summary>A JWT signed with the client's private key (<c>client_assertion</c>, RFC 7523).</summary>
    PrivateKeyJwt,
}
