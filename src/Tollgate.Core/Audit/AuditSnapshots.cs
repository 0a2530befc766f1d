using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.Keys;
using Tollgate.Core.Policies;
using Tollgate.Core.Revocation;

namespace Tollgate.Core.Audit;

/// <summary>
/// The before/after JSON of audited resources, redacted: a client's secrets appear as id and
/// times only (never a hash), a key as its public schedule (never the private key). Records are
/// serialized whole otherwise, so a field added later is audited without a change here.
/// </summary>
public static class AuditSnapshots
{
    public static string Of(Client client)
    {
        var node = JsonSerializer.SerializeToNode(client with { Secrets = [] }, AuditJson.Default.Client)!.AsObject();
        node["secrets"] = new JsonArray([.. client.Secrets.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id, ["created_at"] = s.CreatedAt, ["expires_at"] = s.ExpiresAt,
        })]);
        return node.ToJsonString();
    }

    public static string Of(Api api) => JsonSerializer.Serialize(api, AuditJson.Default.Api);

    public static string Of(Grant grant) => JsonSerializer.Serialize(grant, AuditJson.Default.Grant);

    public static string Of(AccessPolicy policy) => JsonSerializer.Serialize(policy, AuditJson.Default.AccessPolicy);

    public static string Of(Revocation.Revocation revocation) => JsonSerializer.Serialize(revocation with { Seq = 0 }, AuditJson.Default.Revocation);

    public static string Of(SigningKey key) => new JsonObject
    {
        ["kid"] = key.Kid, ["alg"] = key.Alg, ["created_at"] = key.CreatedAt, ["activates_at"] = key.ActivatesAt,
        ["retires_at"] = key.RetiresAt, ["expires_at"] = key.ExpiresAt,
    }.ToJsonString();

    public static string Of(JsonObject value) => value.ToJsonString();
}

/// <summary>The audited records' JSON, generated at compile time (no reflection: the native executable has none).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    Converters = [typeof(SnakeCaseEnum<TokenFormat>), typeof(SnakeCaseEnum<RevocationKind>), typeof(SnakeCaseEnum<QuotaMode>)])]
[JsonSerializable(typeof(Client))]
[JsonSerializable(typeof(Api))]
[JsonSerializable(typeof(Grant))]
[JsonSerializable(typeof(AccessPolicy))]
[JsonSerializable(typeof(Revocation.Revocation))]
internal sealed partial class AuditJson : JsonSerializerContext;

/// <summary>An enum as its snake_case name (<c>LogOnly</c> → <c>log_only</c>), as every other audited field is named.</summary>
internal sealed class SnakeCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower) where T : struct, Enum;
