using System.Text.Json.Serialization;

namespace Tollgate.Aws.Rendering;

/// <summary>The REST (and HTTP API IAM-mode) authorizer response.</summary>
public sealed record IamPolicyResponse(
    [property: JsonPropertyName("principalId")] string PrincipalId,
    [property: JsonPropertyName("policyDocument")] PolicyDocument PolicyDocument,
    [property: JsonPropertyName("context")] IReadOnlyDictionary<string, string> Context);

public sealed record PolicyDocument(
    [property: JsonPropertyName("Version")] string Version,
    [property: JsonPropertyName("Statement")] IReadOnlyList<PolicyStatement> Statement)
{
    public const string CurrentVersion = "2012-10-17";
}

public sealed record PolicyStatement(
    [property: JsonPropertyName("Action")] string Action,
    [property: JsonPropertyName("Effect")] string Effect,
    [property: JsonPropertyName("Resource")] IReadOnlyList<string> Resource)
{
    public const string InvokeAction = "execute-api:Invoke";
    public const string Allow = "Allow";
    public const string Deny = "Deny";
}

/// <summary>The HTTP API (payload format 2.0) simple response.</summary>
public sealed record SimpleResponse(
    [property: JsonPropertyName("isAuthorized")] bool IsAuthorized,
    [property: JsonPropertyName("context")] IReadOnlyDictionary<string, string> Context);
