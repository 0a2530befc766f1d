namespace Tollgate.Aws.Rendering;

/// <summary>The REST (and HTTP API IAM-mode) authorizer response.</summary>
public sealed record IamPolicyResponse(
    string PrincipalId,
    PolicyDocument PolicyDocument,
    IReadOnlyDictionary<string, string> Context,
    string? UsageIdentifierKey = null);

public sealed record PolicyDocument(
    string Version,
    IReadOnlyList<PolicyStatement> Statement)
{
    public const string CurrentVersion = "2012-10-17";
}

public sealed record PolicyStatement(
    string Action,
    string Effect,
    IReadOnlyList<string> Resource)
{
    public const string InvokeAction = "execute-api:Invoke";
    public const string Allow = "Allow";
    public const string Deny = "Deny";
}

/// <summary>The HTTP API (payload format 2.0) simple response.</summary>
public sealed record SimpleResponse(
    bool IsAuthorized,
    IReadOnlyDictionary<string, string> Context);
