using System.Collections.Immutable;
using System.Text.Json;
using Tollgate.Core.Audit;
using Tollgate.Core.Clients;
using Tollgate.Core.Secrets;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Admin;

/// <summary>Create, read, update and delete clients. The server generates secrets and keeps only their hashes.</summary>
public sealed class ClientAdmin(IClientStore store, Catalog.Catalog catalog, Revocation.RevocationList revocations, SystemIdentity system, AuditTrail audit, TimeProvider time)
{
    public async Task<AdminResult<CreatedClient>> CreateAsync(ClientDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var now = time.Now();
        var client = Apply(new Client { ClientId = draft.ClientId ?? Ids.New("", 24), CreatedAt = now, UpdatedAt = now }, draft, validation);
        if (!validation.IsValid) return AdminResult<CreatedClient>.Invalid(validation);

        // A private_key_jwt client proves itself with its key pair: it gets no secret.
        var secret = client.TokenEndpointAuthMethod == AuthMethods.PrivateKeyJwt ? null : SecretHasher.GenerateSecret();
        if (secret is not null) client = client with { Secrets = [new ClientSecret(Ids.New("sec_"), SecretHasher.HashGenerated(secret), now, null)] };
        var record = audit.Record(actor, "client.create", AuditKinds.Client, client.ClientId, null, AuditSnapshots.Of(client));
        if (catalog.Current.FindClient(client.ClientId) is not null || !await store.InsertAsync(client, record, cancellationToken))
            return AdminResult<CreatedClient>.Conflict($"A client with client_id '{client.ClientId}' already exists.");
        audit.Committed(record);
        catalog.Update(s => s.WithClient(client));
        return AdminResult<CreatedClient>.Created(new CreatedClient(client, secret));
    }

    /// <summary>Checks a draft's fields as create does, without touching the store (tollgate apply validates a whole file first).</summary>
    public static IReadOnlyDictionary<string, string[]> Check(ClientDraft draft)
    {
        var validation = new Validation();
        Apply(new Client { ClientId = draft.ClientId ?? "" }, draft, validation);
        return validation.Errors;
    }

    public Client? Find(string clientId) => catalog.Current.FindClient(clientId);

    public Task<Page<Client>> ListAsync(PageRequest page, CancellationToken cancellationToken) => store.ListAsync(page, cancellationToken);

    public async Task<AdminResult<Client>> UpdateAsync(string clientId, ClientDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var existing = Find(clientId);
        if (existing is null) return AdminResult<Client>.NotFound($"No client '{clientId}'.");
        var validation = new Validation();
        if (draft.ClientId is not null && draft.ClientId != existing.ClientId) validation.Add("client_id", "cannot change.");
        var client = Apply(existing with { UpdatedAt = time.Now() }, draft, validation);
        if (!validation.IsValid) return AdminResult<Client>.Invalid(validation);
        var record = audit.Record(actor, "client.update", AuditKinds.Client, clientId, AuditSnapshots.Of(existing), AuditSnapshots.Of(client));
        if (!await store.UpdateAsync(client, record, cancellationToken)) return AdminResult<Client>.NotFound($"No client '{clientId}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithClient(client));
        return AdminResult<Client>.Ok(client);
    }

    public async Task<AdminResult<Client>> DeleteAsync(string clientId, AuditActor actor, CancellationToken cancellationToken)
    {
        var existing = Find(clientId);
        if (existing is null) return AdminResult<Client>.NotFound($"No client '{clientId}'.");
        if (clientId == system.RootClientId) return AdminResult<Client>.Conflict("The root admin client cannot be deleted.");
        var record = audit.Record(actor, "client.delete", AuditKinds.Client, clientId, AuditSnapshots.Of(existing), null);
        if (!await store.DeleteAsync(clientId, record, cancellationToken)) return AdminResult<Client>.NotFound($"No client '{clientId}'.");
        audit.Committed(record);
        catalog.Update(s => s.WithoutClient(clientId));
        await revocations.RevokeClientAsync(clientId, catalog.Current.LongestTokenLifetime, cancellationToken);
        return AdminResult<Client>.Ok(existing);
    }

    private static Client Apply(Client client, ClientDraft draft, Validation v)
    {
        if (draft.ClientId is { } id) v.Check(Rules.IsSafeId(id), "client_id", "must be 1-128 characters of A-Z a-z 0-9 . _ ~ -.");
        if (draft.ClientName is { } name) v.Check(name.Length <= 200, "client_name", "must be at most 200 characters.");
        if (draft.TokenEndpointAuthMethod is { } method)
            v.Check(AuthMethods.Supported.Contains(method), "token_endpoint_auth_method", "must be 'client_secret_basic' or 'client_secret_post'.");
        if (draft.GrantTypes is { } grants)
            v.Check(grants.Count > 0 && grants.All(g => GrantTypeNames.Supported.Contains(g)), "grant_types", "must be [\"client_credentials\"].");
        if (draft.AccessTokenLifetime is { } lifetime)
            v.Check(Rules.IsLifetime(lifetime), "access_token_lifetime", $"must be between 1 and {Rules.MaxLifetimeSeconds} seconds.");
        if (draft.AllowedOrigins is { } origins)
            for (var i = 0; i < origins.Count; i++)
                v.Check(Rules.IsOrigin(origins[i] ?? ""), $"allowed_origins[{i}]", "must be a web origin such as https://app.example (scheme, host, optional port; no path).");
        if (draft.Metadata is { } metadata)
            v.Check(metadata.Length <= 8192 && IsJsonObject(metadata), "metadata", "must be a JSON object of at most 8 KB.");

        var jwks = draft.Jwks ?? client.Jwks;
        var jwksUri = draft.JwksUri ?? client.JwksUri;
        if (draft.Jwks is { } set)
            v.Check(set.Length <= 16384 && OAuth.ClientKeys.Parse(set).Count > 0 && !set.Contains("\"d\"", StringComparison.Ordinal),
                "jwks", "must be a JWK Set with at least one public RSA or EC signing key and no private members, at most 16 KB.");
        if (draft.JwksUri is { } uri) v.Check(IsJwksUri(uri), "jwks_uri", "must be an https URL (http only on localhost).");
        if ((draft.TokenEndpointAuthMethod ?? client.TokenEndpointAuthMethod) == AuthMethods.PrivateKeyJwt)
            v.Check((jwks is null) != (jwksUri is null), "jwks", "private_key_jwt needs exactly one of jwks and jwks_uri.");

        return client with
        {
            Jwks = jwks,
            JwksUri = jwksUri,
            ClientName = draft.ClientName ?? client.ClientName,
            TokenEndpointAuthMethod = draft.TokenEndpointAuthMethod ?? client.TokenEndpointAuthMethod,
            GrantTypes = draft.GrantTypes?.Distinct().ToImmutableArray() ?? client.GrantTypes,
            AccessTokenLifetime = draft.AccessTokenLifetime ?? client.AccessTokenLifetime,
            AllowedOrigins = draft.AllowedOrigins?.ToImmutableArray() ?? client.AllowedOrigins,
            Metadata = draft.Metadata ?? client.Metadata,
            AllowIntrospection = draft.AllowIntrospection ?? client.AllowIntrospection,
            DpopBoundAccessTokens = draft.DpopBoundAccessTokens ?? client.DpopBoundAccessTokens,
        };
    }

    private static bool IsJwksUri(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == "https" || (uri.Scheme == "http" && uri.IsLoopback));

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
