using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Tollgate.ConsoleTests.Infrastructure;

namespace Tollgate.ConsoleTests;

/// <summary>The console's authorization and safety over plain HTTP: redirects, headers, cookies, CSRF, failed sign-ins.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsoleHttpTests(ConsoleFixture fixture)
{
    [Theory]
    [InlineData("")]
    [InlineData("/apis")]
    [InlineData("/apis/edit?id=tollgate%3Aadmin")]
    [InlineData("/clients?q=x")]
    [InlineData("/clients/edit?id=tollgate-root")]
    [InlineData("/grants")]
    [InlineData("/permissions")]
    [InlineData("/tester")]
    [InlineData("/revocations")]
    [InlineData("/keys")]
    public async Task Page_WithoutSession_RedirectsToSignIn(string path)
    {
        using var http = NewClient(out _);
        using var response = await http.GetAsync(fixture.ConsoleUrl + path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/console/signin?return={Uri.EscapeDataString("/console" + path)}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Post_WithoutSession_ChangesNothing()
    {
        using var http = NewClient(out _);
        using var response = await http.PostAsync(fixture.ConsoleUrl + "/apis", Form(("identifier", "https://anonymous.example")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/console/signin", response.Headers.Location!.OriginalString);
        Assert.Null(await fixture.AdminAsync(HttpMethod.Get, "/apis/" + Uri.EscapeDataString("https://anonymous.example")));
    }

    [Theory]
    [InlineData("/console/signin")]
    [InlineData("/console/assets/console.js")]
    public async Task Answers_CarrySecurityHeaders(string path)
    {
        using var http = NewClient(out _);
        using var response = await http.GetAsync(fixture.Url + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task SignInPage_HasNoInlineScriptAndNothingFromElsewhere()
    {
        using var http = NewClient(out _);
        var html = await http.GetStringAsync(fixture.ConsoleUrl + "/signin");
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
        Assert.DoesNotContain(" style=", html);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+\s*=", html); // no inline event handlers
    }

    [Fact]
    public async Task SignIn_SetsAnHttpOnlyStrictCookieTheBrowserCannotRead()
    {
        using var http = NewClient(out _);
        var response = await SignInAsync(http, ConsoleFixture.RootSecret);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tollgate-console=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("eyJ", setCookie); // sealed: not the JWT itself
    }

    [Fact]
    public async Task SignIn_WithAWrongSecret_IsRefusedAfterADelay()
    {
        using var http = NewClient(out var cookies);
        var clock = Stopwatch.StartNew();
        var response = await SignInAsync(http, "not-the-root-secret-at-all");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered in {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign-in failed", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(cookies.GetCookies(new Uri(fixture.ConsoleUrl + "/")), c => c.Name == "tollgate-console");
    }

    [Fact]
    public async Task SignIn_WithAClientThatIsNotAnAdmin_IsRefused()
    {
        var id = ConsoleFixture.Unique("not-admin");
        var secret = (await fixture.AdminAsync(HttpMethod.Post, "/clients", new Dictionary<string, object> { ["client_id"] = id }))!["client_secret"]!.GetValue<string>();
        using var http = NewClient(out _);
        var response = await SignInAsync(http, secret, id);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Change_WithoutTheSessionsCsrfToken_IsRefusedAndChangesNothing()
    {
        using var http = NewClient(out _);
        var anonymousToken = await CsrfAsync(http, "/signin");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(http, ConsoleFixture.RootSecret)).StatusCode);
        var api = $"https://{ConsoleFixture.Unique("csrf")}.example";

        using var missing = await http.PostAsync(fixture.ConsoleUrl + "/apis", Form(("identifier", api)));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("anti-forgery", await missing.Content.ReadAsStringAsync());
        using var foreign = await http.PostAsync(fixture.ConsoleUrl + "/apis", Form(("identifier", api), ("__csrf", anonymousToken)));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        using var json = await http.PostAsync(fixture.ConsoleUrl + "/apis", new StringContent($$"""{"identifier":"{{api}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Null(await fixture.AdminAsync(HttpMethod.Get, "/apis/" + Uri.EscapeDataString(api)));

        // The same post with the page's token goes through: it was the token that was missing.
        using var good = await http.PostAsync(fixture.ConsoleUrl + "/apis", Form(("identifier", api), ("__csrf", await CsrfAsync(http, "/apis"))));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.NotNull(await fixture.AdminAsync(HttpMethod.Get, "/apis/" + Uri.EscapeDataString(api)));
    }

    [Fact]
    public async Task SignOut_WithoutCsrfToken_IsRefused()
    {
        using var http = NewClient(out _);
        await SignInAsync(http, ConsoleFixture.RootSecret);
        using var response = await http.PostAsync(fixture.ConsoleUrl + "/signout", Form());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var still = await http.GetAsync(fixture.ConsoleUrl + "/keys");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    private HttpClient NewClient(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task<HttpResponseMessage> SignInAsync(HttpClient http, string secret, string clientId = ConsoleFixture.RootClientId)
        => await http.PostAsync(fixture.ConsoleUrl + "/signin",
            Form(("__csrf", await CsrfAsync(http, "/signin")), ("client_id", clientId), ("client_secret", secret)));

    private async Task<string> CsrfAsync(HttpClient http, string path)
    {
        var html = await http.GetStringAsync(fixture.ConsoleUrl + path);
        return CsrfField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"no CSRF field on {path}");
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields)
        => new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();
}
