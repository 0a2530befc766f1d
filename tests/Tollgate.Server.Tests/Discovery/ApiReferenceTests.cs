using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Discovery;

/// <summary>The browsable API reference at <c>/api-docs</c>: Swagger UI over the server's own OpenAPI document, every asset served locally.</summary>
public sealed partial class ApiReferenceTests(InProcessHost host) : IClassFixture<InProcessHost>
{
    [Fact]
    public async Task ReferencePage_ShowsTheServersDocument_WithNothingFromElsewhere()
    {
        var page = await host.Http.GetAsync("/api-docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(html.Contains("/openapi/v1.json", StringComparison.Ordinal), html.Length > 3000 ? html[^2500..] : html);
        Assert.Contains("Tollgate API reference", html);

        // Every script and stylesheet is a relative path served here; none points at another host.
        var assets = Asset().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.DoesNotContain(assets, a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase) || a.StartsWith("//", StringComparison.Ordinal));
        foreach (var asset in assets)
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(new Uri(new Uri(host.Http.BaseAddress!, "/api-docs/index.html"), asset))).StatusCode);
        Assert.DoesNotContain("validator.swagger.io", html);
        Assert.DoesNotContain("clientId: \"client_id\"", html);   // no placeholder credentials

        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task TurnedOff_ThePathIsNotServed()
    {
        var off = new NoReferenceHost();
        await off.InitializeAsync();
        try
        {
            Assert.Equal(HttpStatusCode.NotFound, (await off.Http.GetAsync("/api-docs/index.html")).StatusCode);
        }
        finally { await off.DisposeAsync(); }
    }

    [Fact]
    public async Task ABadPath_StopsStartUp()
    {
        var bad = new NoReferenceHost("api-docs/");
        var error = await Assert.ThrowsAsync<OptionsValidationException>(bad.InitializeAsync);
        Assert.Contains("Tollgate:ApiReferencePath", error.Message);
        await bad.DisposeAsync();
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex Asset();

    private sealed class NoReferenceHost(string path = "") : TollgateHost
    {
        protected override bool UseKestrel => false;
        protected override void Configure(Dictionary<string, string?> settings) => settings["Tollgate:ApiReferencePath"] = path;
    }
}
