using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Tollgate.Server.Hosting;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Discovery;

/// <summary><c>/openapi/v1.json</c>: a valid OpenAPI document naming every route the server maps, with its security.</summary>
public sealed partial class OpenApiDocumentTests(InProcessHost host) : IClassFixture<InProcessHost>
{
    private async Task<OpenApiDocument> DocumentAsync()
    {
        var json = await host.Http.GetStringAsync("/openapi/v1.json");
        var read = OpenApiDocument.Parse(json, "json", new OpenApiReaderSettings());
        Assert.True(read.Diagnostic is null || read.Diagnostic.Errors.Count == 0,
            string.Join("\n", read.Diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? []));
        return read.Document!;
    }

    [Fact]
    public async Task Document_IsValidOpenApi_ByTheSpecificationsRules()
    {
        var document = await DocumentAsync();
        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        using var raw = System.Text.Json.JsonDocument.Parse(await host.Http.GetStringAsync("/openapi/v1.json"));
        Assert.StartsWith("3.1", raw.RootElement.GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task Document_NamesEveryRouteTheServerMaps()
    {
        var document = await DocumentAsync();
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // Routing matches with or without a trailing slash; the document writes paths without one.
            .Select(e => Parameter().Replace("/" + e.RoutePattern.RawText!.Trim('/'), "{$1}"))
            .Where(r => r != "/openapi/{documentName}.json")
            // The admin console's HTML pages and assets (docs/console.md) are for browsers, not part of the API.
            .Where(r => !r.StartsWith("/console", StringComparison.Ordinal))
            // The Prometheus scrape (docs/operations.md, "Metrics") is text for Prometheus, not part of the API.
            .Where(r => r != "/metrics")
            .Distinct().ToList();
        Assert.Contains("/oauth2/token", routes);
        Assert.Contains("/health/ready", routes);
        var missing = routes.Where(r => !document.Paths.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "not in the document: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Document_SaysHowEachPartAuthenticates_AndDescribesTheOAuthForms()
    {
        var document = await DocumentAsync();
        Assert.Equal("basic", document.Components!.SecuritySchemes![OpenApiDescription.ClientBasic].Scheme);
        Assert.Equal("bearer", document.Components.SecuritySchemes[OpenApiDescription.AdminBearer].Scheme);
        string Scheme(string path, HttpMethod method) => document.Paths[path].Operations![method].Security!.Single().Keys.Single().Reference.Id!;
        Assert.Equal(OpenApiDescription.AdminBearer, Scheme("/admin/clients", HttpMethod.Post));
        Assert.Equal(OpenApiDescription.ClientBasic, Scheme("/oauth2/introspect", HttpMethod.Post));
        Assert.Equal(OpenApiDescription.ClientBasic, Scheme("/revocations", HttpMethod.Get));
        Assert.Null(document.Paths["/.well-known/jwks.json"].Operations![HttpMethod.Get].Security);

        var token = document.Paths["/oauth2/token"].Operations![HttpMethod.Post];
        var form = token.RequestBody!.Content!["application/x-www-form-urlencoded"].Schema!;
        Assert.Contains("grant_type", form.Required!);
        Assert.Contains("client_assertion", form.Properties!.Keys);
        Assert.NotNull(token.Responses!["200"].Content!["application/json"].Schema!.Properties!["access_token"]);
        Assert.Equal("OAuthError", ((OpenApiSchemaReference)token.Responses["401"].Content!["application/json"].Schema!).Reference.Id);
    }

    [GeneratedRegex(@"\{\*{0,2}([^}:?*]+)[^}]*\}")]   // {id}, {id:int}, {id?} and the catch-all {**rest} as the document writes them: {id}, {rest}
    private static partial Regex Parameter();
}
