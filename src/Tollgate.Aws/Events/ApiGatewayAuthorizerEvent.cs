namespace Tollgate.Aws.Events;

/// <summary>
/// Every API Gateway Lambda authorizer event in one tolerant shape: REST TOKEN, REST REQUEST
/// (and HTTP API payload format 1.0, which has the same shape) and HTTP API payload format 2.0.
/// Only the keys the adapter reads are declared (read by <see cref="Serialization.EventReader"/>,
/// under the same names in camelCase); unknown keys are ignored.
/// </summary>
public sealed class ApiGatewayAuthorizerEvent
{
    /// <summary>"2.0" for HTTP API payload format 2.0; "1.0" or absent otherwise.</summary>
    public string? Version { get; init; }
    /// <summary>"TOKEN" or "REQUEST".</summary>
    public string? Type { get; init; }

    // REST TOKEN
    public string? AuthorizationToken { get; init; }
    public string? MethodArn { get; init; }

    // REST REQUEST (and HTTP API 1.0)
    public string? Resource { get; init; }
    public string? Path { get; init; }
    public string? HttpMethod { get; init; }
    public Dictionary<string, string?>? Headers { get; init; }
    public Dictionary<string, List<string?>?>? MultiValueHeaders { get; init; }
    public Dictionary<string, string?>? QueryStringParameters { get; init; }
    public Dictionary<string, List<string?>?>? MultiValueQueryStringParameters { get; init; }

    // HTTP API 2.0
    public string? RouteArn { get; init; }
    public string? RouteKey { get; init; }
    public string? RawPath { get; init; }
    public List<string?>? Cookies { get; init; }

    public ApiGatewayRequestContext? RequestContext { get; init; }
}

/// <summary>The parts of <c>requestContext</c> the adapter reads (REST and HTTP API 2.0 keys together).</summary>
public sealed class ApiGatewayRequestContext
{
    public string? Stage { get; init; }
    public string? RequestId { get; init; }
    public string? HttpMethod { get; init; }
    public string? ResourcePath { get; init; }
    /// <summary>REST: the path as the client called it (stage or custom-domain base path included).</summary>
    public string? Path { get; init; }
    /// <summary>The host name the client called (execute-api or custom domain).</summary>
    public string? DomainName { get; init; }
    /// <summary>REST: <c>requestContext.identity.sourceIp</c>, the caller's address.</summary>
    public string? IdentitySourceIp { get; init; }
    /// <summary>
    /// With mutual TLS on the API's custom domain: the caller's certificate, REST
    /// <c>requestContext.identity.clientCert.clientCertPem</c>, HTTP API <c>requestContext.authentication.clientCert.clientCertPem</c>.
    /// </summary>
    public string? ClientCertPem { get; init; }
    public ApiGatewayHttpDescription? Http { get; init; }
}

/// <summary><c>requestContext.http</c> of HTTP API 2.0.</summary>
public sealed class ApiGatewayHttpDescription
{
    public string? Method { get; init; }
    public string? Path { get; init; }
    /// <summary>The caller's address.</summary>
    public string? SourceIp { get; init; }
}
