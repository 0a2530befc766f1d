using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Telemetry;

/// <summary>The two other ways to run <c>/metrics</c>: on its own port (open, and nothing else on it) and off.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsModesTests
{
    private sealed class Host(Action<Dictionary<string, string?>> configure) : TollgateHost(null), IAsyncDisposable
    {
        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
        protected override bool UseKestrel => false;
        protected override void Configure(Dictionary<string, string?> settings) => configure(settings);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static HttpRequestMessage Scrape(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task OwnPort_ServesOnlyMetrics_Openly_AndTheMainListenerHasNone()
    {
        var port = FreePort();
        await using var host = new Host(s => s["Tollgate:Metrics:Port"] = port.ToString());
        await host.InitializeAsync();
        var audience = await host.CreateApiAsync(alg: "ES256");
        var client = await host.CreateClientAsync();
        await host.GrantAsync(client.Id, audience, "read:contacts");
        await host.TokenAsync(client.Id, client.Secret, audience);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.SendAsync(Scrape(await host.AdminTokenAsync()))).StatusCode);

        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var scrape = await scraper.GetAsync("/metrics");   // no token: the port is the boundary
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = new PrometheusText(await scrape.Content.ReadAsStringAsync());
        Assert.Equal(1, text.Value("tollgate_tokens_issued_total", ("api", audience), ("format", "jwt"), ("auth_method", "client_secret_basic")));

        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("/.well-known/jwks.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.PostAsync("/oauth2/token", new FormUrlEncodedContent([new("grant_type", "client_credentials")]))).StatusCode);
    }

    [Fact]
    public async Task Off_NoEndpoint_AndNothingListensToTheMeters()
    {
        await using var host = new Host(s => s["Tollgate:Metrics:Enabled"] = "false");
        await host.InitializeAsync();
        var audience = await host.CreateApiAsync();
        var client = await host.CreateClientAsync();
        await host.GrantAsync(client.Id, audience, "read:contacts");
        await host.TokenAsync(client.Id, client.Secret, audience);

        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.SendAsync(Scrape(await host.AdminTokenAsync()))).StatusCode);
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    public async Task BadPort_RefusesToStart_NamingTheSetting(string port)
    {
        await using var host = new Host(s => s["Tollgate:Metrics:Port"] = port);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.InitializeAsync);
        Assert.Contains("Tollgate:Metrics:Port must be between 1 and 65535", error.Message);
    }
}
