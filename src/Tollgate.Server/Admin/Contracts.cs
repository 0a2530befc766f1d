using System.Text.Json;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;

namespace Tollgate.Server.Admin;

// The admin API's wire shapes (snake_case on the wire). Absent or null request fields mean
// "default" on create and "unchanged" on update.

public sealed record ScopeDto(string Value, string? Description);

public sealed record ApiRequest(string? Identifier, string? Name, List<ScopeDto>? Scopes, string? TokenFormat, string? SigningAlg, int? AccessTokenLifetime,
    bool? RequireDpop = null)
{
    public ApiDraft ToDraft() => new(Identifier, Name, Scopes?.Select(s => new ApiScope(s.Value, s.Description)).ToList(), TokenFormat, SigningAlg, AccessTokenLifetime,
        RequireDpop);
}

public sealed record ApiResponse(string Id, string Identifier, string? Name, IReadOnlyList<ScopeDto> Scopes, string TokenFormat, string SigningAlg,
    int AccessTokenLifetime, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool RequireDpop)
{
    public static ApiResponse From(Api a) => new(a.Id, a.Identifier, a.Name, a.Scopes.Select(s => new ScopeDto(s.Value, s.Description)).ToList(),
        a.TokenFormat == Core.Apis.TokenFormat.Opaque ? "opaque" : "jwt", a.SigningAlg, a.AccessTokenLifetime, a.CreatedAt, a.UpdatedAt, a.RequireDpop);
}

public sealed record ClientRequest(string? ClientId, string? ClientName, string? TokenEndpointAuthMethod, List<string>? GrantTypes,
    int? AccessTokenLifetime, List<string>? AllowedOrigins, JsonElement? Metadata, bool? AllowIntrospection, JsonElement? Jwks, string? JwksUri,
    bool? DpopBoundAccessTokens = null, string? TlsClientAuthSubjectDn = null, string? TlsClientAuthSanDns = null, string? TlsClientAuthSanUri = null,
    string? TlsClientAuthSanIp = null, string? TlsClientAuthSanEmail = null, bool? TlsClientCertificateBoundAccessTokens = null,
    JsonElement? TokenQuota = null)
{
    public ClientDraft ToDraft() => new(ClientId, ClientName, TokenEndpointAuthMethod, GrantTypes, AccessTokenLifetime, AllowedOrigins,
        Raw(Metadata), AllowIntrospection, Raw(Jwks), JwksUri, DpopBoundAccessTokens)
    {
        TlsClientAuth = TlsSubjects(),
        TlsClientCertificateBoundAccessTokens = TlsClientCertificateBoundAccessTokens,
        TokenQuota = Raw(TokenQuota),
    };

    /// <summary>The RFC 8705 §2.1.2 subject fields that were sent (the draft checks that there is at most one).</summary>
    private List<TlsClientAuthSubject> TlsSubjects()
    {
        var given = new List<TlsClientAuthSubject>();
        void Add(string field, string? value)
        {
            if (value is not null) given.Add(new TlsClientAuthSubject(field, value));
        }
        Add(TlsClientAuthSubject.SubjectDn, TlsClientAuthSubjectDn);
        Add(TlsClientAuthSubject.SanDns, TlsClientAuthSanDns);
        Add(TlsClientAuthSubject.SanUri, TlsClientAuthSanUri);
        Add(TlsClientAuthSubject.SanIp, TlsClientAuthSanIp);
        Add(TlsClientAuthSubject.SanEmail, TlsClientAuthSanEmail);
        return given;
    }

    private static string? Raw(JsonElement? json) => json is { ValueKind: not JsonValueKind.Null } value ? value.GetRawText() : null;
}

public sealed record ClientResponse(string ClientId, string? ClientName, string TokenEndpointAuthMethod, IReadOnlyList<string> GrantTypes,
    int? AccessTokenLifetime, IReadOnlyList<string> AllowedOrigins, JsonElement Metadata, bool AllowIntrospection,
    JsonElement? Jwks, string? JwksUri, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool DpopBoundAccessTokens,
    bool TlsClientCertificateBoundAccessTokens)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TlsClientAuthSubjectDn { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TlsClientAuthSanDns { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TlsClientAuthSanUri { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TlsClientAuthSanIp { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? TlsClientAuthSanEmail { get; init; }

    /// <summary>The client's own token quota; absent: the server's default applies.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? TokenQuota { get; init; }

    /// <summary>Present only in the response that created the client.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    public static ClientResponse From(Client c) => new(c.ClientId, c.ClientName, c.TokenEndpointAuthMethod, c.GrantTypes, c.AccessTokenLifetime,
        c.AllowedOrigins, JsonDocument.Parse(c.Metadata).RootElement.Clone(), c.AllowIntrospection,
        c.Jwks is null ? null : JsonDocument.Parse(c.Jwks).RootElement.Clone(), c.JwksUri, c.CreatedAt, c.UpdatedAt, c.DpopBoundAccessTokens,
        c.TlsClientCertificateBoundAccessTokens)
    {
        TlsClientAuthSubjectDn = Subject(c, TlsClientAuthSubject.SubjectDn),
        TlsClientAuthSanDns = Subject(c, TlsClientAuthSubject.SanDns),
        TlsClientAuthSanUri = Subject(c, TlsClientAuthSubject.SanUri),
        TlsClientAuthSanIp = Subject(c, TlsClientAuthSubject.SanIp),
        TlsClientAuthSanEmail = Subject(c, TlsClientAuthSubject.SanEmail),
        TokenQuota = c.TokenQuota is { } quota ? JsonDocument.Parse(quota.ToJson()).RootElement.Clone() : null,
    };

    private static string? Subject(Client c, string field) => c.TlsClientAuth is { } s && s.Field == field ? s.Value : null;
}

public sealed record GrantRequest(string? ClientId, string? Audience, List<string>? Scope)
{
    public GrantDraft ToDraft() => new(ClientId, Audience, Scope);
}

public sealed record GrantResponse(string Id, string ClientId, string Audience, IReadOnlyList<string> Scope, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static GrantResponse From(Grant g) => new(g.Id, g.ClientId, g.Audience, g.Scope, g.CreatedAt, g.UpdatedAt);
}

public sealed record ListResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
