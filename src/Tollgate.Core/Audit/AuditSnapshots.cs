using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.Keys;
using Tollgate.Core.Policies;

namespace Tollgate.Core.Audit;

/// <summary>
/// The before/after JSON of audited resources, redacted: a client's secrets appear as id and
/// times only (never a hash), a key as its public schedule (never the private key). Records are
/// serialized whole otherwise, so a field added later is audited without a change here.
/// </summary>
public static class AuditSnapshots
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Of(Client client)
    {
        var node = JsonSerializer.SerializeToNode(client with { Secrets = [] }, Options)!.AsObject();
        node["secrets"] = new JsonArray([.. client.Secrets.Select(s => (JsonNode)new JsonObject
        {
            ["id"] = s.Id, ["created_at"] = s.CreatedAt, ["expires_at"] = s.ExpiresAt,
        })]);
        return node.ToJsonString();
    }

    public static string Of(Api api) => JsonSerializer.Serialize(api, Options);

    public static string Of(Grant grant) => JsonSerializer.Serialize(grant, Options);

    public static string Of(AccessPolicy policy) => JsonSerializer.Serialize(policy, Options);

    public static string Of(Revocation.Revocation revocation) => JsonSerializer.Serialize(revocation with { Seq = 0 }, Options);

    public static string Of(SigningKey key) => new JsonObject
    {
        ["kid"] = key.Kid, ["alg"] = key.Alg, ["created_at"] = key.CreatedAt, ["activates_at"] = key.ActivatesAt,
        ["retires_at"] = key.RetiresAt, ["expires_at"] = key.ExpiresAt,
    }.ToJsonString();

    public static string Of(JsonObject value) => value.ToJsonString();
}
