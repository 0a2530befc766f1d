using Tollgate.Core.Catalog;
using Tollgate.Core.Clients;
using Tollgate.Core.Secrets;

namespace Tollgate.Core.OAuth;

/// <summary>
/// Checks presented client credentials against the catalog. The client must use the method it
/// registered; every live secret is tried, so a rotating secret overlaps without downtime. With a
/// <see cref="Quotas.ClientLockout"/>, a source address that failed too often for a client id is refused
/// before anything is hashed (429, <c>Retry-After</c>).
/// </summary>
public sealed class ClientAuthenticator(Catalog.Catalog catalog, ClientAssertionValidator assertions, ClientCertificateValidator certificates, TimeProvider time,
    Quotas.ClientLockout? lockout = null)
{
    // Verified against when the client does not exist, so an unknown id costs the same.
    private static readonly string DummyHash = SecretHasher.HashGenerated(SecretHasher.GenerateSecret());

    public ValueTask<OAuthResult<Client>> AuthenticateAsync(ClientCredential? credential, CancellationToken cancellationToken)
        => AuthenticateAsync(credential, null, cancellationToken);

    /// <summary><paramref name="source"/> is the caller's address, for the lockout (null: none applies).</summary>
    public async ValueTask<OAuthResult<Client>> AuthenticateAsync(ClientCredential? credential, string? source, CancellationToken cancellationToken)
    {
        if (lockout is null || credential is null || source is null) return await CheckAsync(credential, cancellationToken);
        if (lockout.LockedFor(credential.ClientId, source) is { } wait)
            return OAuthError.TooManyRequests("Too many failed authentications for this client from this address; retry later.",
                (int)Math.Ceiling(wait.TotalSeconds), "locked out after repeated failures");
        var result = await CheckAsync(credential, cancellationToken);
        if (result.IsError) lockout.Failed(credential.ClientId, source);
        else lockout.Succeeded(credential.ClientId, source);
        return result;
    }

    private async ValueTask<OAuthResult<Client>> CheckAsync(ClientCredential? credential, CancellationToken cancellationToken)
    {
        if (credential is null)
            return OAuthError.InvalidClient("Client authentication is required: HTTP Basic, client_id and client_secret in the body, a client assertion, or client_id with a TLS client certificate.");

        var client = catalog.Current.FindClient(credential.ClientId);
        if (credential.Method == ClientAuthMethod.PrivateKeyJwt)
        {
            if (client is null) return OAuthError.InvalidClient(detail: "unknown client");
            if (client.TokenEndpointAuthMethod != AuthMethods.PrivateKeyJwt)
                return OAuthError.InvalidClient($"This client must authenticate with {client.TokenEndpointAuthMethod}.", "used private_key_jwt");
            var problem = await assertions.ValidateAsync(client, credential.Assertion!, cancellationToken);
            return problem is null ? client : OAuthError.InvalidClient(detail: problem);
        }
        if (credential.Method == ClientAuthMethod.TlsClientCertificate)
        {
            if (client is null) return OAuthError.InvalidClient(detail: "unknown client");
            if (client.TokenEndpointAuthMethod is not (AuthMethods.TlsClientAuth or AuthMethods.SelfSignedTlsClientAuth))
                return client.TokenEndpointAuthMethod is AuthMethods.PrivateKeyJwt
                    ? OAuthError.InvalidClient($"This client must authenticate with {client.TokenEndpointAuthMethod}.", "used a TLS client certificate")
                    : OAuthError.InvalidClient("client_secret is required.", "no secret presented");
            var problem = await certificates.ValidateAsync(client, credential.Certificate!, cancellationToken);
            return problem is null ? client : OAuthError.InvalidClient(detail: problem);
        }
        if (credential.Secret is null)
            return OAuthError.InvalidClient("client_secret is required.", "no secret presented");

        var now = time.GetUtcNow();
        var matched = false;
        if (client is null)
        {
            SecretHasher.Verify(credential.Secret, DummyHash);
        }
        else
        {
            foreach (var secret in client.Secrets)
                matched |= secret.IsLiveAt(now) && SecretHasher.Verify(credential.Secret, secret.Hash);
        }

        if (client is null || !matched)
            return OAuthError.InvalidClient(detail: client is null ? "unknown client" : "secret mismatch");

        var method = credential.Method switch
        {
            ClientAuthMethod.ClientSecretBasic => AuthMethods.ClientSecretBasic,
            ClientAuthMethod.ClientSecretPost => AuthMethods.ClientSecretPost,
            _ => "none",
        };
        if (method != client.TokenEndpointAuthMethod)
            return OAuthError.InvalidClient($"This client must authenticate with {client.TokenEndpointAuthMethod}.", $"used {method}");
        return client;
    }
}
