using System.Text.Json.Serialization;

namespace Tollgate.Aws.Events;

/// <summary>
/// Every API Gateway Lambda authorizer event in one tolerant shape: REST TOKEN, REST REQUEST
/// (and HTTP API payload format 1.0, which has the same shape) and HTTP API payload format 2.0.
/// Only the keys the adapter reads are declared; unknown keys are ignored.
/// </summary>
public sealed class ApiGatewayAuthorizerEvent
{
    /// <summary>"2.0" for HTTP API payload format 2.0; "1.0" or absent otherwise.</summary>
    [JsonPropertyName("version")] public string? Version { get; init; }
    /// <summary>"TOKEN" or "REQUEST".</summary>
    [JsonPropertyName("type")] public string? Type { get; init; }

    // REST TOKEN
    [JsonPropertyName("authorizationToken")] public string? AuthorizationToken { get; init; }
    [JsonPropertyName("methodArn")] public string? MethodArn { get; init; }

    // REST REQUEST (and HTTP API 1.0)
    [JsonPropertyName("resource")] public string? Resource { get; init; }
    [JsonPropertyName("path")] public string? Path { get; init; }
    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; init; }
    [JsonPropertyName("headers")] public Dictionary<string, string?>? Headers { get; init; }
    [JsonPropertyName("multiValueHeaders")] public Dictionary<string, List<string?>?>? MultiValueHeaders { get; init; }
    [JsonPropertyName("queryStringParameters")] public Dictionary<string, string?>? QueryStringParameters { get; init; }
    [JsonPropertyName("multiValueQueryStringParameters")] public Dictionary<string, List<string?>?>? MultiValueQueryStringParameters { get; init; }

    // HTTP API 2.0
    [JsonPropertyName("routeArn")] public string? RouteArn { get; init; }
    [JsonPropertyName("routeKey")] public string? RouteKey { get; init; }
    [JsonPropertyName("rawPath")] public string? RawPath { get; init; }
    [JsonPropertyName("cookies")] public List<string?>? Cookies { get; init; }

    [JsonPropertyName("requestContext")] public ApiGatewayRequestContext? RequestContext { get; init; }
}

/// <summary>The parts of <c>requestContext</c> the adapter reads (REST and HTTP API 2.0 keys together).</summary>
public sealed class ApiGatewayRequestContext
{
    [JsonPropertyName("stage")] public string? Stage { get; init; }
    [JsonPropertyName("requestId")] public string? RequestId { get; init; }
    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; init; }
    [JsonPropertyName("resourcePath")] public string? ResourcePath { get; init; }
    [JsonPropertyName("http")] public ApiGatewayHttpDescription? Http { get; init; }
}

/// <summary><c>requestContext.http</c> of HTTP API 2.0.</summary>
public sealed class ApiGatewayHttpDescription
{
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("path")] public string? Path { get; init; }
}
