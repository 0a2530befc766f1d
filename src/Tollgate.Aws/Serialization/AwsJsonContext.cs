using System.Text.Json.Serialization;
using Tollgate.Aws.Events;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;

namespace Tollgate.Aws.Serialization;

/// <summary>Source-generated JSON for every wire shape (no reflection at start-up).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiGatewayAuthorizerEvent))]
[JsonSerializable(typeof(IamPolicyResponse))]
[JsonSerializable(typeof(SimpleResponse))]
[JsonSerializable(typeof(LambdaError))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
