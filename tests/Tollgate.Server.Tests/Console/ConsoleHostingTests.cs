using System.Net;
using Microsoft.Extensions.Options;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Console;

/// <summary><c>Tollgate:Console</c>: on by default under <c>/console</c>, movable, or off. (The console itself is tested in a browser: tests/Tollgate.Console.Tests.)</summary>
public sealed class ConsoleHostingTests
{
    [Fact]
    public async Task Default_ServesTheSignInPageUnderConsole()
    {
        await using var host = await StartAsync(new());
        var page = await host.Http.GetAsync("/console/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/console/assets/console.css")).StatusCode);
    }

    [Fact]
    public async Task AnotherPath_MovesEveryPageAndAsset()
    {
        await using var host = await StartAsync(new() { ["Tollgate:Console:Path"] = "/ops/admin-ui" });
        var redirect = await host.Http.GetAsync("/ops/admin-ui/keys");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/ops/admin-ui/signin", redirect.Headers.Location!.OriginalString);
        var html = await host.Http.GetStringAsync("/ops/admin-ui/signin");
        Assert.Contains("action=\"/ops/admin-ui/signin\"", html);
        Assert.Contains("/ops/admin-ui/assets/console.js", html);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/console/signin")).StatusCode);
    }

    [Fact]
    public async Task TurnedOff_NothingIsServed()
    {
        await using var host = await StartAsync(new() { ["Tollgate:Console:Enabled"] = "false" });
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/console/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/console/assets/console.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData("console")]
    [InlineData("/console/")]
    [InlineData("/")]
    public async Task ABadPath_StopsStartUp(string path)
    {
        var host = new ConsoleHost(new() { ["Tollgate:Console:Path"] = path });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.InitializeAsync);
        Assert.Contains("Tollgate:Console:Path", error.Message);
        await host.DisposeAsync();
    }

    private static async Task<ConsoleHost> StartAsync(Dictionary<string, string?> settings)
    {
        var host = new ConsoleHost(settings);
        await host.InitializeAsync();
        return host;
    }

    private sealed class ConsoleHost(Dictionary<string, string?> extra) : TollgateHost, IAsyncDisposable
    {
        protected override bool UseKestrel => false;
        protected override void Configure(Dictionary<string, string?> settings)
        {
            foreach (var (key, value) in extra) settings[key] = value;
        }

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
