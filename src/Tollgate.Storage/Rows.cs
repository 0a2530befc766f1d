using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.Policies;
using Tollgate.Core.Revocation;
using Tollgate.Core.Storage;

namespace Tollgate.Storage;

/// <summary>
/// How a row becomes a record, the same for every provider: each store selects its columns in
/// the order given here (times as Unix milliseconds, lists as JSON) and reads them with these.
/// </summary>
internal static class Rows
{
    public const string ApiColumns = "seq, id, identifier, name, scopes, token_format, signing_alg, access_token_lifetime, created_at, updated_at, routes, require_dpop";
    public const string ClientColumns = "seq, client_id, client_name, token_endpoint_auth_method, grant_types, access_token_lifetime, " +
                                        "allowed_origins, metadata, allow_introspection, created_at, updated_at, jwks, jwks_uri, dpop_bound_access_tokens, " +
                                        "tls_client_auth_field, tls_client_auth_value, tls_client_certificate_bound_access_tokens, token_quota";
    public const string GrantColumns = "seq, id, client_id, audience, scope, created_at, updated_at";
    public const string PolicyColumns = "seq, id, description, subjects, effect, resources, actions, conditions, meta, created_at, updated_at";
    public const string RevocationColumns = "seq, kind, jti, client_id, audience, issued_until, scopes, expires_at, created_at";
    public const string SecretColumns = "id, hash, created_at, expires_at";
    public const string KeyColumns = "kid, alg, protected_private_key, created_at, activates_at, retires_at, expires_at";

    public static DateTimeOffset Time(this DbDataReader r, int i) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
    public static DateTimeOffset? TimeOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.Time(i);
    public static string? StringOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    public static int? IntOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
    public static ImmutableArray<string> Strings(this DbDataReader r, int i) => JsonSerializer.Deserialize(r.GetString(i), StorageJson.Default.ImmutableArrayString);

    public static string Json(ImmutableArray<string> value) => JsonSerializer.Serialize(value, StorageJson.Default.ImmutableArrayString);
    public static string ScopesJson(Api api) => JsonSerializer.Serialize(api.Scopes.Select(s => new StoredScope(s.Value, s.Description)).ToArray(), StorageJson.Default.StoredScopeArray);
    public static string FormatName(TokenFormat format) => format == TokenFormat.Opaque ? "opaque" : "jwt";

    internal sealed record StoredScope(string Value, string? Description);

    public static (long Seq, Api Api) Api(DbDataReader r) => (r.GetInt64(0), new Api
    {
        Id = r.GetString(1),
        Identifier = r.GetString(2),
        Name = r.StringOrNull(3),
        Scopes = JsonSerializer.Deserialize(r.GetString(4), StorageJson.Default.StoredScopeArray)!.Select(s => new ApiScope(s.Value, s.Description)).ToImmutableArray(),
        TokenFormat = r.GetString(5) == "opaque" ? TokenFormat.Opaque : TokenFormat.Jwt,
        SigningAlg = r.GetString(6),
        AccessTokenLifetime = r.GetInt32(7),
        CreatedAt = r.Time(8),
        UpdatedAt = r.Time(9),
        Routes = r.StringOrNull(10),
        RequireDpop = r.GetBoolean(11),
    });

    /// <summary>A client without its secrets (they are another table).</summary>
    public static (long Seq, Client Client) Client(DbDataReader r) => (r.GetInt64(0), new Client
    {
        ClientId = r.GetString(1),
        ClientName = r.StringOrNull(2),
        TokenEndpointAuthMethod = r.GetString(3),
        GrantTypes = r.Strings(4),
        AccessTokenLifetime = r.IntOrNull(5),
        AllowedOrigins = r.Strings(6),
        Metadata = r.GetString(7),
        AllowIntrospection = r.GetBoolean(8),
        CreatedAt = r.Time(9),
        UpdatedAt = r.Time(10),
        Jwks = r.StringOrNull(11),
        JwksUri = r.StringOrNull(12),
        DpopBoundAccessTokens = r.GetBoolean(13),
        TlsClientAuth = r.StringOrNull(14) is { } field ? new TlsClientAuthSubject(field, r.GetString(15)) : null,
        TlsClientCertificateBoundAccessTokens = r.GetBoolean(16),
        TokenQuota = r.StringOrNull(17) is { } quota ? TokenQuota.Parse(quota, (_, _) => { }) : null,
    });

    public static string? QuotaJson(Client c) => c.TokenQuota?.ToJson();

    public static ClientSecret Secret(DbDataReader r, int at = 0) => new(r.GetString(at), r.GetString(at + 1), r.Time(at + 2), r.TimeOrNull(at + 3));

    public static (long Seq, Grant Grant) Grant(DbDataReader r) => (r.GetInt64(0), new Grant
    {
        Id = r.GetString(1),
        ClientId = r.GetString(2),
        Audience = r.GetString(3),
        Scope = r.Strings(4),
        CreatedAt = r.Time(5),
        UpdatedAt = r.Time(6),
    });

    public static (long Seq, AccessPolicy Policy) Policy(DbDataReader r) => (r.GetInt64(0), new AccessPolicy
    {
        Id = r.GetString(1),
        Description = r.StringOrNull(2),
        Subjects = r.Strings(3),
        Effect = r.GetString(4),
        Resources = r.Strings(5),
        Actions = r.Strings(6),
        Conditions = r.GetString(7),
        Meta = r.GetString(8),
        CreatedAt = r.Time(9),
        UpdatedAt = r.Time(10),
    });

    public static StoredKey Key(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.Time(3), r.Time(4), r.TimeOrNull(5), r.TimeOrNull(6));

    public static Revocation Revocation(DbDataReader r) => new()
    {
        Seq = r.GetInt64(0),
        Kind = Enum.Parse<RevocationKind>(r.GetString(1), ignoreCase: true),
        Jti = r.StringOrNull(2),
        ClientId = r.StringOrNull(3),
        Audience = r.StringOrNull(4),
        IssuedUntil = r.IsDBNull(5) ? null : r.GetInt64(5),
        Scopes = r.IsDBNull(6) ? [] : r.Strings(6),
        ExpiresAt = r.Time(7),
        CreatedAt = r.Time(8),
    };

    /// <summary>Keyset paging on <c>seq</c>: one row more than asked tells whether there is a next page.</summary>
    public static Page<T> ToPage<T>(List<(long Seq, T Item)> rows, PageRequest page)
    {
        var more = rows.Count > page.Limit;
        var items = rows.Take(page.Limit).Select(r => r.Item).ToList();
        return new Page<T>(items, more ? PageCursor.Encode(rows[page.Limit - 1].Seq) : null);
    }
}

/// <summary>The JSON columns (lists of strings, an API's scopes), generated at compile time: no reflection, so the native executable reads them too.</summary>
[JsonSerializable(typeof(ImmutableArray<string>))]
[JsonSerializable(typeof(Rows.StoredScope[]))]
internal sealed partial class StorageJson : JsonSerializerContext;
