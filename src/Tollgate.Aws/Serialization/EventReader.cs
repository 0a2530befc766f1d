using System.Text.Json;
using Tollgate.Aws.Events;

namespace Tollgate.Aws.Serialization;

/// <summary>
/// Reads an authorizer event with <see cref="JsonDocument"/>: only the keys the adapter uses,
/// unknown keys ignored. Hand-written rather than <c>JsonSerializer</c> because the serializer's
/// first use (metadata, converters, generic instantiations) was most of the cold start.
/// </summary>
public static class EventReader
{
    /// <summary>The event; throws <see cref="JsonException"/> when it is not a JSON object or a known key has the wrong type.</summary>
    public static ApiGatewayAuthorizerEvent Read(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An authorizer event is a JSON object.");
        }
        return new ApiGatewayAuthorizerEvent
        {
            Version = String(root, "version"),
            Type = String(root, "type"),
            AuthorizationToken = String(root, "authorizationToken"),
            MethodArn = String(root, "methodArn"),
            Resource = String(root, "resource"),
            Path = String(root, "path"),
            HttpMethod = String(root, "httpMethod"),
            Headers = StringMap(root, "headers"),
            MultiValueHeaders = ListMap(root, "multiValueHeaders"),
            QueryStringParameters = StringMap(root, "queryStringParameters"),
            MultiValueQueryStringParameters = ListMap(root, "multiValueQueryStringParameters"),
            RouteArn = String(root, "routeArn"),
            RouteKey = String(root, "routeKey"),
            RawPath = String(root, "rawPath"),
            Cookies = StringList(root, "cookies"),
            RequestContext = Object(root, "requestContext") is { } context ? ReadRequestContext(context) : null,
        };
    }

    private static ApiGatewayRequestContext ReadRequestContext(JsonElement context) => new()
    {
        Stage = String(context, "stage"),
        RequestId = String(context, "requestId"),
        HttpMethod = String(context, "httpMethod"),
        ResourcePath = String(context, "resourcePath"),
        Path = String(context, "path"),
        DomainName = String(context, "domainName"),
        IdentitySourceIp = Object(context, "identity") is { } identity ? String(identity, "sourceIp") : null,
        // Mutual TLS on a custom domain: REST requestContext.identity.clientCert, HTTP API requestContext.authentication.clientCert.
        ClientCertPem = ClientCertPem(Object(context, "identity")) ?? ClientCertPem(Object(context, "authentication")),
        Http = Object(context, "http") is { } http
            ? new ApiGatewayHttpDescription { Method = String(http, "method"), Path = String(http, "path"), SourceIp = String(http, "sourceIp") }
            : null,
    };

    private static string? ClientCertPem(JsonElement? holder) =>
        holder is { } h && Object(h, "clientCert") is { } cert ? String(cert, "clientCertPem") : null;

    private static JsonElement? Present(JsonElement parent, string name, JsonValueKind expected)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != expected)
        {
            throw new JsonException($"'{name}' should be {expected}, not {value.ValueKind}.");
        }
        return value;
    }

    private static string? String(JsonElement parent, string name) => Present(parent, name, JsonValueKind.String)?.GetString();

    private static JsonElement? Object(JsonElement parent, string name) => Present(parent, name, JsonValueKind.Object);

    private static List<string?>? StringList(JsonElement parent, string name) =>
        Present(parent, name, JsonValueKind.Array) is { } array ? ToList(array, name) : null;

    private static Dictionary<string, string?>? StringMap(JsonElement parent, string name)
    {
        if (Object(parent, name) is not { } map)
        {
            return null;
        }
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new JsonException($"'{name}.{property.Name}' should be a string."),
            };
        }
        return result;
    }

    private static Dictionary<string, List<string?>?>? ListMap(JsonElement parent, string name)
    {
        if (Object(parent, name) is not { } map)
        {
            return null;
        }
        var result = new Dictionary<string, List<string?>?>(StringComparer.Ordinal);
        foreach (var property in map.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Array => ToList(property.Value, name),
                JsonValueKind.Null => null,
                _ => throw new JsonException($"'{name}.{property.Name}' should be an array."),
            };
        }
        return result;
    }

    private static List<string?> ToList(JsonElement array, string name)
    {
        var list = new List<string?>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Null => null,
                _ => throw new JsonException($"'{name}' should hold strings."),
            });
        }
        return list;
    }
}
