using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Tollgate.Server.Admin;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The JSON of the admin API and the server's other answers, generated at compile time. First in the
/// HTTP JSON options' resolver chain, so minimal APIs, <c>JsonBody</c> and the OpenAPI document use it; the
/// native executable has no reflection to fall back on, so a type sent as JSON must be listed here.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ApiRequest))]
[JsonSerializable(typeof(ApiResponse))]
[JsonSerializable(typeof(ListResponse<ApiResponse>))]
[JsonSerializable(typeof(ClientRequest))]
[JsonSerializable(typeof(ClientResponse))]
[JsonSerializable(typeof(ListResponse<ClientResponse>))]
[JsonSerializable(typeof(SecretRequest))]
[JsonSerializable(typeof(SecretExpiryRequest))]
[JsonSerializable(typeof(SecretResponse))]
[JsonSerializable(typeof(ListResponse<SecretResponse>))]
[JsonSerializable(typeof(GrantRequest))]
[JsonSerializable(typeof(GrantResponse))]
[JsonSerializable(typeof(ListResponse<GrantResponse>))]
[JsonSerializable(typeof(PolicyWriteRequest))]
[JsonSerializable(typeof(PolicyResponse))]
[JsonSerializable(typeof(ListResponse<PolicyResponse>))]
[JsonSerializable(typeof(RevocationRequest))]
[JsonSerializable(typeof(RevocationResponse))]
[JsonSerializable(typeof(ListResponse<RevocationResponse>))]
[JsonSerializable(typeof(RotateRequest))]
[JsonSerializable(typeof(KeyResponse))]
[JsonSerializable(typeof(ListResponse<KeyResponse>))]
[JsonSerializable(typeof(AuditEntryResponse))]
[JsonSerializable(typeof(ListResponse<AuditEntryResponse>))]
[JsonSerializable(typeof(AuditVerifyResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ServerJson : JsonSerializerContext;
