using System.Text.Json.Nodes;

namespace Tollgate.Interop.Tests.Aws;

/// <summary>The shapes API Gateway sends a Lambda authorizer, and how the authorizer is told to answer them.</summary>
public enum EventShape
{
    /// <summary>REST API, TOKEN authorizer: IAM policy.</summary>
    RestToken,
    /// <summary>REST API, REQUEST authorizer: IAM policy.</summary>
    RestRequest,
    /// <summary>HTTP API, payload format 2.0, simple response (the default).</summary>
    HttpApiSimple,
    /// <summary>HTTP API, payload format 2.0, IAM policy (<c>TOLLGATE_HTTP_API_RESPONSE=iam</c>).</summary>
    HttpApiIam,
}

/// <summary>A request to the API: method, concrete path, and the API Gateway resource it matches.</summary>
public sealed record ApiCall(string Method, string Path, string Resource)
{
    public static readonly ApiCall ListContacts = new("GET", "/contacts", "/contacts");
    public static readonly ApiCall GetContact = new("GET", "/contacts/42", "/contacts/{id}");
    public static readonly ApiCall CreateContact = new("POST", "/contacts", "/contacts");
    public static readonly ApiCall UpdateContact = new("PUT", "/contacts/42", "/contacts/{id}");
    public static readonly ApiCall DeleteContact = new("DELETE", "/contacts/42", "/contacts/{id}");

    /// <summary>Every route of the contacts API.</summary>
    public static readonly ApiCall[] Contacts = [ListContacts, GetContact, CreateContact, UpdateContact, DeleteContact];

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// Events built from the documented fixtures (tests/Tollgate.Aws.Tests/Fixtures, copied from
/// shared/fixtures/aws): every field that names the route is set for the call, the Authorization
/// header (or TOKEN's <c>authorizationToken</c>) is the given value or absent.
/// </summary>
public static class AuthorizerEvents
{
    /// <summary>The methodArn prefix of the REST TOKEN fixture (its own API and stage).</summary>
    public const string TokenPrefix = "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/dev/";
    /// <summary>The methodArn / routeArn prefix of the REST REQUEST and HTTP API fixtures.</summary>
    public const string RequestPrefix = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/";
    private const string Stage = "/test";

    public static string PrefixOf(EventShape shape) => shape == EventShape.RestToken ? TokenPrefix : RequestPrefix;

    public static string Arn(EventShape shape, ApiCall call) => PrefixOf(shape) + call.Method + call.Path;

    public static string Build(EventShape shape, ApiCall call, string? authorization)
    {
        var file = shape switch
        {
            EventShape.RestToken => "rest-token-event.json",
            EventShape.RestRequest => "rest-request-event.json",
            _ => "http-api-v2-request-event.json",
        };
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Aws", "Fixtures", file))
            .Replace("{cookie}", "theme=dark", StringComparison.Ordinal);
        var e = JsonNode.Parse(text)!.AsObject();
        var pathParameters = call.Resource.Contains("{id}", StringComparison.Ordinal) ? new JsonObject { ["id"] = "42" } : new JsonObject();
        switch (shape)
        {
            case EventShape.RestToken:
                e["methodArn"] = Arn(shape, call);
                SetOrRemove(e, "authorizationToken", authorization);
                break;
            case EventShape.RestRequest:
                e["methodArn"] = Arn(shape, call);
                e["resource"] = call.Resource;
                e["path"] = call.Path;
                e["httpMethod"] = call.Method;
                e["pathParameters"] = pathParameters;
                var context = e["requestContext"]!.AsObject();
                context["path"] = Stage + call.Path;
                context["resourcePath"] = call.Resource;
                context["httpMethod"] = call.Method;
                SetOrRemove(e["headers"]!.AsObject(), "Authorization", authorization);
                SetOrRemove(e["multiValueHeaders"]!.AsObject(), "Authorization", authorization is null ? null : new JsonArray(authorization));
                break;
            default:
                var routeKey = call.Method + " " + call.Resource;
                e["routeArn"] = Arn(shape, call);
                e["routeKey"] = routeKey;
                e["rawPath"] = Stage + call.Path;
                e["pathParameters"] = pathParameters;
                e["identitySource"] = authorization is null ? new JsonArray() : new JsonArray(authorization);
                var http = e["requestContext"]!["http"]!.AsObject();
                http["method"] = call.Method;
                http["path"] = Stage + call.Path;
                e["requestContext"]!["routeKey"] = routeKey;
                SetOrRemove(e["headers"]!.AsObject(), "authorization", authorization);
                break;
        }
        return e.ToJsonString();
    }

    private static void SetOrRemove(JsonObject target, string name, JsonNode? value)
    {
        if (value is null) target.Remove(name);
        else target[name] = value;
    }
}
