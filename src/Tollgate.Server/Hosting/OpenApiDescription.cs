using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Tollgate.Server.Hosting;

/// <summary>
/// What the generated OpenAPI document (<c>/openapi/v1.json</c>) cannot infer from the endpoints:
/// the two security schemes and which operations use them, the OAuth endpoints' form bodies and
/// answers (they read the form by hand, per RFC 6749), their error bodies, and the health checks.
/// </summary>
public static class OpenApiDescription
{
    public const string ClientBasic = "client_basic";
    public const string AdminBearer = "admin_bearer";

    public static IServiceCollection AddTollgateOpenApi(this IServiceCollection services)
        => services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        }));

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Tollgate",
            Version = typeof(OpenApiDescription).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            Description = "OAuth 2.0 client-credentials authorization server, admin API, gateway feeds and forward-auth decisions.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ClientBasic] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "basic",
                Description = "An OAuth client: client_id and client_secret (client_secret_basic). The token endpoint also takes client_secret_post and private_key_jwt in the form, and tls_client_auth and self_signed_tls_client_auth (client_id in the form, a TLS client certificate).",
            },
            [AdminBearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "An access token for the admin API, from a client holding the admin grant.",
            },
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["OAuthError"] = Object(
            ("error", String("RFC 6749 §5.2 error code, e.g. invalid_client, invalid_scope, invalid_request.")),
            ("error_description", String("What was wrong, for people.")));

        foreach (var (path, item) in document.Paths)
        {
            if (item.Operations is null) continue;
            foreach (var (_, operation) in item.Operations)
            {
                var scheme = path.StartsWith("/admin", StringComparison.Ordinal) ? AdminBearer
                    : path is "/oauth2/introspect" or "/oauth2/revoke" or "/revocations" or "/routes" or "/policies" || path.StartsWith("/warden", StringComparison.Ordinal) ? ClientBasic
                    : path == "/oauth2/token" ? ClientBasic : null;
                if (scheme is null) continue;
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] }];
            }
        }

        Form(document, "/oauth2/token", "A client-credentials token (RFC 6749 §4.4).",
            [("grant_type", String("client_credentials")), ("audience", String("The API's identifier (or use resource).")),
             ("resource", String("The API's identifier (RFC 8707).")), ("scope", String("Space-separated scopes; the granted ones when absent.")),
             ("client_id", String("With client_secret_post, private_key_jwt, tls_client_auth or self_signed_tls_client_auth.")), ("client_secret", String("client_secret_post.")),
             ("client_assertion_type", String("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")), ("client_assertion", String("private_key_jwt (RFC 7523)."))],
            ["grant_type"],
            Object(("access_token", String("A JWT, or a sealed opaque token (tgat_…).")), ("token_type", String("Bearer, or DPoP for a token bound to a DPoP proof (RFC 9449).")),
                ("expires_in", Integer("Seconds.")), ("scope", String("The scopes granted."))));
        Form(document, "/oauth2/introspect", "Token introspection (RFC 7662), for clients with allow_introspection.",
            [("token", String("The token.")), ("token_type_hint", String("access_token"))], ["token"],
            Object(("active", Boolean()), ("client_id", String("")), ("scope", String("")), ("aud", String("")), ("iss", String("")),
                ("exp", Integer("")), ("iat", Integer("")), ("jti", String("")), ("token_type", String(""))));
        Form(document, "/oauth2/revoke", "Token revocation (RFC 7009): a client revokes its own tokens.",
            [("token", String("The token.")), ("token_type_hint", String("access_token"))], ["token"], null);

        foreach (var health in new[] { "/health/alive", "/health/ready" })
        {
            document.Paths[health] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new OpenApiOperation
                    {
                        Summary = health.EndsWith("alive", StringComparison.Ordinal) ? "The process answers." : "The node can serve: keys loaded, catalog fresh, database reachable.",
                        Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                        Responses = new OpenApiResponses
                        {
                            ["200"] = Text("Healthy"),
                            ["503"] = Text("Unhealthy or Degraded"),
                        },
                    },
                },
            };
        }
        document.Tags ??= new HashSet<OpenApiTag>();
        document.Tags.Add(new OpenApiTag { Name = "Health" });
    }

    private static void Form(OpenApiDocument document, string path, string summary, (string, IOpenApiSchema)[] fields, string[] required, OpenApiSchema? answer)
    {
        if (!document.Paths.TryGetValue(path, out var item) || item.Operations?.GetValueOrDefault(HttpMethod.Post) is not { } operation) return;
        var form = Object(fields);
        form.Required = new HashSet<string>(required);
        operation.Summary = summary;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/x-www-form-urlencoded"] = new() { Schema = form } },
        };
        var error = new OpenApiSchemaReference("OAuthError", document);
        operation.Responses = new OpenApiResponses
        {
            ["200"] = answer is null ? new OpenApiResponse { Description = "Revoked, or not a token of this client (RFC 7009 §2.2)." } : Json("OK", answer),
            ["400"] = Json("The request is malformed or asks for what the client may not have.", error),
            ["401"] = Json("Client authentication failed.", error),
        };
    }

    private static OpenApiResponse Json(string description, IOpenApiSchema schema)
        => new() { Description = description, Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } } };

    private static OpenApiResponse Text(string description)
        => new() { Description = description, Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = String(description) } } };

    private static OpenApiSchema Object(params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
    };

    private static OpenApiSchema String(string description) => new() { Type = JsonSchemaType.String, Description = description.Length > 0 ? description : null };

    private static OpenApiSchema Integer(string description) => new() { Type = JsonSchemaType.Integer, Description = description.Length > 0 ? description : null };

    private static OpenApiSchema Boolean() => new() { Type = JsonSchemaType.Boolean };
}
