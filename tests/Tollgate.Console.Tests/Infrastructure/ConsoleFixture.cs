using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Tollgate.EndToEnd.Tests.Infrastructure;

namespace Tollgate.ConsoleTests.Infrastructure;

/// <summary>
/// One real <c>tollgate serve</c> on a free loopback port with a temporary SQLite data directory, and one
/// headless Debian Chromium driven by Playwright, shared by every console test (a new browser context each).
/// Both are stopped when the tests end: the server by its pid, the browser through Playwright.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string RootClientId = "tollgate-root";
    public const string RootSecret = "console-tests-root-secret-0123456789";
    public const string Chromium = "/usr/bin/chromium";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-console-").FullName;
    private ServiceProcess? _server;
    private IPlaywright? _playwright;

    public string Url { get; private set; } = "";
    public string ConsoleUrl => Url + "/console";
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Where each test's screenshot goes: the test output directory.</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync(); // xUnit does not dispose a fixture whose start failed
            throw;
        }
    }

    private async Task StartAsync()
    {
        await EnsureChromiumAsync();
        var port = ServiceProcess.FreePort();
        Url = $"http://127.0.0.1:{port}";
        _server = ServiceProcess.Start("tollgate", "dotnet",
            [TollgateDll, "serve", "--urls", Url, $"--Tollgate:DataDirectory={Path.Combine(_directory, "data")}", $"--Tollgate:Bootstrap:RootClientSecret={RootSecret}"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, _directory);
        _playwright = await Playwright.CreateAsync();
        // The suite shares 2 cores with the others under scripts/test.sh: generous waits, never sleeps.
        Assertions.SetDefaultExpectTimeout(15_000);
        var browser = _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in CI: Chromium's sandbox needs a user namespace it may not get there.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        await Task.WhenAll(_server.WaitForHttpAsync($"{Url}/health/ready"), browser);
        Browser = await browser;
    }

    /// <summary>A fresh browser context (no cookies) with a page, dialogs accepted (the console confirms deletions).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        return page;
    }

    /// <summary>Signs in through the form as the root client.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(ConsoleUrl);
        await page.GetByLabel("Client id").FillAsync(RootClientId);
        await page.GetByLabel("Client secret").FillAsync(RootSecret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("Signed in as " + RootClientId);
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
        => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>A client-credentials token from the server's token endpoint (HTTP Basic).</summary>
    public async Task<string> TokenAsync(string clientId, string secret, string audience)
    {
        using var response = await RequestTokenAsync(clientId, secret, audience);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token for {clientId}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    public async Task<System.Net.HttpStatusCode> TokenStatusAsync(string clientId, string secret, string audience)
    {
        using var response = await RequestTokenAsync(clientId, secret, audience);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> RequestTokenAsync(string clientId, string secret, string audience)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Url}/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["audience"] = audience }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return Http.SendAsync(request);
    }

    /// <summary>What <c>/decisions</c> (the gateways' forward-auth endpoint) answers for a call.</summary>
    public async Task<(int Status, string Body)> DecideAsync(string audience, string method, string uri, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Url}/decisions");
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Original-Method", method);
        request.Headers.Add("X-Original-URI", uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The admin API, as the root client: for setting up and for checking what the console changed.</summary>
    public async Task<JsonNode?> AdminAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"{Url}/admin{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(RootClientId, RootSecret, "tollgate:admin"));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        Assert.True(response.IsSuccessStatusCode, $"{method} /admin{path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static string TollgateDll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "tollgate.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"tollgate.dll not found at {path}; build tests/Tollgate.Console.Tests.");
        }
    }

    /// <summary>Debian's chromium, installed by scripts/chromium.sh when missing (as root); never a skip.</summary>
    private static async Task EnsureChromiumAsync()
    {
        if (File.Exists(Chromium)) return;
        var script = Path.Combine(RepoRoot(), "scripts", "chromium.sh");
        var (exit, output) = await ServiceProcess.RunAsync("bash", [script], timeoutSeconds: 600);
        if (exit != 0 || !File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing and {script} could not install it:\n{output}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Tollgate.slnx not found above {AppContext.BaseDirectory}.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        Http.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
