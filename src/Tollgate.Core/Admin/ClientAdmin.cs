using System.Collections.Immutable;
using System.Text.Json;
using Tollgate.Core.Audit;
using Tollgate.Core.Clients;
using Tollgate.Core.Secrets;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Admin;

/// <summary>Create, read, update and delete clients. The server generates secrets and keeps only their hashes.</summary>
public sealed class ClientAdmin(IClientStore store, Catalog.Catalog catalog, Revocation.RevocationList revocations, SystemIdentity system, AuditTrail audit, TimeProvider time,
    IEnumerable<TokenEndpoint.IGrantHandler> grants)
{
    /// <summary>What a client may register in <c>grant_types</c>: the grants the token endpoint has a handler for.</summary>
    private readonly IReadOnlyList<string> _grantTypes = TokenEndpoint.TokenPipeline.SupportedBy(grants);

    public async Task<AdminResult<CreatedClient>> CreateAsync(ClientDraft draft, AuditActor actor, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var now = time.Now();
        var client = Apply(new Client { ClientId = draft.ClientId ?? Ids.New("", 24), CreatedAt = now, UpdatedAt = now }, draft, validation, _grantTypes);
        if (!validation.IsValid) return AdminResult<CreatedClient>.Invalid(validation);

        // A private_key_jwt or mutual-TLS client proves itself with its key pair or certificate: it gets no secret.
        var secret = AuthMethods.UsesNoSecret(client.TokenEndpointAuthMethod) ? null : SecretHasher.GenerateSecret();
        if (secret is not null) client = client with { Secrets = [new ClientSecret(Ids.New("sec_"), SecretHasher.HashGenerated(secret), now, null)] };
        var record = audit.Record(actor, "client.create", AuditKinds.Client, client.ClientId, null, AuditSnapshots.Of(client));
        if (catalog.Current.FindClient(client.ClientId) is not null || !await store.InsertAsync(client, record, cancellationToken))
            return AdminResult<CreatedClient>.Conflict($"A client with client_id '{client.ClientId}' already exists.");
        audit.Committed(record);
        catalog.Update(s => s.WithClient(client));
        return AdminResult<CreatedClient>.Created(new CreatedClient(client, secret));
    }

    /// <summary>
    /// Checks a draft's fields as create does, without touching the store (tollgate apply validates a whole file first).
    /// Offline there are no grant handlers: <c>grant_types</c> is checked against <see cref="GrantTypeNames.Supported"/>, and the server checks again.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Check(ClientDraft draft)
    {
        var validation = new Validation();
        Apply(new Client { ClientId = draft.ClientId ?? "" }, draft, validation, GrantTypeNames.Supported);
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
        var client = Apply(existing with { UpdatedAt = time.Now() }, draft, validation, _grantTypes);
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

    private static string GrantTypesExpected(IReadOnlyList<string> grantTypes)
    {
        var list = "[" + string.Join(", ", grantTypes.Select(g => $"\"{g}\"")) + "]";
        return grantTypes.Count == 1 ? $"must be {list}." : $"must be a non-empty subset of {list}.";
    }

    private static Client Apply(Client client, ClientDraft draft, Validation v, IReadOnlyList<string> grantTypes)
    {
        if (draft.ClientId is { } id) v.Check(Rules.IsSafeId(id), "client_id", "must be 1-128 characters of A-Z a-z 0-9 . _ ~ -.");
        if (draft.ClientName is { } name) v.Check(name.Length <= 200, "client_name", "must be at most 200 characters.");
        if (draft.TokenEndpointAuthMethod is { } method)
            v.Check(AuthMethods.Supported.Contains(method), "token_endpoint_auth_method", $"must be one of {string.Join(", ", AuthMethods.Supported)}.");
        if (draft.GrantTypes is { } grants)
            v.Check(grants.Count > 0 && grants.All(grantTypes.Contains), "grant_types", GrantTypesExpected(grantTypes));
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
        var authMethod = draft.TokenEndpointAuthMethod ?? client.TokenEndpointAuthMethod;
        if (AuthMethods.UsesKeys(authMethod))
            v.Check((jwks is null) != (jwksUri is null), "jwks", $"{authMethod} needs exactly one of jwks and jwks_uri.");
        var tlsSubject = TlsSubject(client, draft, authMethod, v);
        var quota = draft.TokenQuota is { } rawQuota ? TokenQuota.Parse(rawQuota, (field, message) => v.Add(field, message)) : client.TokenQuota;

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
            TlsClientAuth = tlsSubject,
            TokenQuota = quota,
            TlsClientCertificateBoundAccessTokens = draft.TlsClientCertificateBoundAccessTokens ?? client.TlsClientCertificateBoundAccessTokens,
        };
    }

    /// <summary>
    /// RFC 8705 §2.1.2: a <c>tls_client_auth</c> client has exactly one subject field; a given one replaces the
    /// stored one. Other methods have none (switching away from <c>tls_client_auth</c> drops it).
    /// </summary>
    private static TlsClientAuthSubject? TlsSubject(Client client, ClientDraft draft, string authMethod, Validation v)
    {
        var given = draft.TlsClientAuth ?? [];
        if (given.Count > 1)
        {
            v.Add(given[1].Field, $"give one of {string.Join(", ", TlsClientAuthSubject.Fields)}, not several.");
            return null;
        }
        if (authMethod != AuthMethods.TlsClientAuth)
        {
            if (given.Count == 1) v.Add(given[0].Field, "is only for token_endpoint_auth_method tls_client_auth.");
            return null;
        }
        var subject = given.Count == 1 ? given[0] : client.TlsClientAuth;
        if (subject is null)
        {
            v.Add("tls_client_auth_subject_dn", $"tls_client_auth needs one of {string.Join(", ", TlsClientAuthSubject.Fields)}.");
            return null;
        }
        var problem = subject.Field switch
        {
            _ when subject.Value.Length is 0 or > 1024 => "must be 1-1024 characters.",
            TlsClientAuthSubject.SubjectDn when OAuth.ClientCertificateValidator.Normalize(subject.Value) is null => "must be a distinguished name such as CN=orders,O=Example.",
            TlsClientAuthSubject.SanDns when Uri.CheckHostName(subject.Value) != UriHostNameType.Dns => "must be a DNS name.",
            TlsClientAuthSubject.SanIp when !System.Net.IPAddress.TryParse(subject.Value, out _) => "must be an IP address.",
            TlsClientAuthSubject.SanUri when !Uri.TryCreate(subject.Value, UriKind.Absolute, out _) => "must be an absolute URI.",
            TlsClientAuthSubject.SanEmail when subject.Value.IndexOf('@') is <= 0 => "must be an email address.",
            _ => null,
        };
        if (problem is not null) v.Add(subject.Field, problem);
        return subject;
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
