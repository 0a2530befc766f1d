using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tollgate.ConsoleTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tollgate.ConsoleTests;

/// <summary>The console in Debian's Chromium against a real <c>tollgate serve</c>; each test leaves a screenshot in the test output.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleFixture fixture)
{
    private const string Rules = """
        {"rules":[
          {"route":"GET /orders","any":["read:orders","write:orders"]},
          {"route":"GET /orders/{id}","any":["read:orders","write:orders"]},
          {"route":"POST /orders","scopes":["write:orders"]},
          {"route":"DELETE /orders/{id}","scopes":["write:orders"]}]}
        """;

    [Fact]
    public async Task Console_ApiClientsAndGrants_ShowMatrixRoutesAndDecisions()
    {
        var page = await fixture.SignedInPageAsync();
        var suffix = ConsoleFixture.Unique("orders");
        var api = $"https://{suffix}.example";
        var (reader, writer) = ($"{suffix}-reader", $"{suffix}-writer");

        // An API with two scopes, then its route rules.
        await page.GotoAsync(fixture.ConsoleUrl + "/apis");
        await page.GetByLabel("Identifier").FillAsync(api);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Orders");
        await page.GetByLabel("Scope 1 value").FillAsync("read:orders");
        await page.GetByLabel("Scope 1 description").FillAsync("Read orders");
        await page.GetByLabel("Scope 2 value").FillAsync("write:orders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create API" }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(api);
        await page.GetByLabel("Rules document (JSON)").FillAsync(Rules);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save route rules" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Route rules saved");
        await Expect(page.Locator("table", new() { HasText = "In force now" })).ToContainTextAsync("DELETE/orders/{id}");

        // A read and a write client: each secret shown once, with a copy button.
        var readerSecret = await CreateClientAsync(page, reader);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy secret" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copied" }).Or(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Selected") }))).ToBeVisibleAsync();
        await ConsoleFixture.ScreenshotAsync(page, "client-created");
        var writerSecret = await CreateClientAsync(page, writer);
        await page.GotoAsync($"{fixture.ConsoleUrl}/clients/edit?id={reader}");
        await Expect(page.Locator("h1")).ToContainTextAsync(reader);
        Assert.DoesNotContain(readerSecret, await page.ContentAsync());

        await GrantAsync(page, reader, api, "read:orders");
        await GrantAsync(page, writer, api, "read:orders write:orders");

        // The matrix, then what the reader may and may not call.
        await page.GotoAsync($"{fixture.ConsoleUrl}/permissions?q={suffix}");
        await Expect(page.Locator("tr", new() { HasText = reader })).ToContainTextAsync("read:orders");
        await Expect(page.Locator("tr", new() { HasText = writer })).ToContainTextAsync("read:orders write:orders");
        await ConsoleFixture.ScreenshotAsync(page, "permissions-matrix");
        await page.GetByRole(AriaRole.Link, new() { Name = reader, Exact = true }).ClickAsync();
        var section = page.Locator("section", new() { HasText = api });
        await Expect(section.Locator(".allowed-routes")).ToContainTextAsync("/orders/{id}");
        await Expect(section.Locator(".allowed-routes")).Not.ToContainTextAsync("POST");
        await Expect(section.Locator(".refused-routes tr", new() { HasText = "POST" })).ToContainTextAsync("insufficient_scope: needs all of write:orders");
        await Expect(section.Locator(".refused-routes tr", new() { HasText = "DELETE" })).ToContainTextAsync("/orders/{id}");
        await ConsoleFixture.ScreenshotAsync(page, "permissions-client");

        // The tester: an allowed and a refused call, with the reason and the rule that matched.
        await page.GotoAsync($"{fixture.ConsoleUrl}/tester?client={reader}");
        await AskAsync(page, api, "GET", "/orders/7");
        await Expect(page.Locator("#decision-status")).ToContainTextAsync("200");
        await Expect(page.Locator("#decision-reason")).ToHaveTextAsync("allowed");
        await Expect(page.Locator("#decision-rule")).ToHaveTextAsync("GET /orders/{id}");
        await AskAsync(page, api, "POST", "/orders");
        await Expect(page.Locator("#decision-status")).ToContainTextAsync("403");
        await Expect(page.Locator("#decision-reason")).ToHaveTextAsync("insufficient_scope");
        await Expect(page.Locator("#decision-rule")).ToHaveTextAsync("POST /orders");
        await ConsoleFixture.ScreenshotAsync(page, "decision-tester");

        // The secrets the console showed are real, and the gateways decide as the tester said.
        var readerToken = await fixture.TokenAsync(reader, readerSecret, api);
        Assert.Equal(200, (await fixture.DecideAsync(api, "GET", "/orders/7", readerToken)).Status);
        Assert.Equal(403, (await fixture.DecideAsync(api, "POST", "/orders", readerToken)).Status);
        Assert.Equal(200, (await fixture.DecideAsync(api, "POST", "/orders", await fixture.TokenAsync(writer, writerSecret, api))).Status);

        // The changes are in the audit trail as the signed-in admin's.
        var audit = await fixture.AdminAsync(HttpMethod.Get, $"/audit?resource_kind=client&resource_id={reader}");
        var created = audit!["items"]!.AsArray().Single(e => e!["action"]!.GetValue<string>() == "client.create")!;
        Assert.Equal(ConsoleFixture.RootClientId, created["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revocations_PastedTokenAndClient_AreRefusedByDecisions()
    {
        var (api, clientId, secret) = await SetUpAsync("revoke");
        var first = await fixture.TokenAsync(clientId, secret, api);
        var second = await fixture.TokenAsync(clientId, secret, api);
        Assert.Equal(200, (await fixture.DecideAsync(api, "GET", "/orders", first)).Status);

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync(fixture.ConsoleUrl + "/revocations");
        await page.GetByLabel("Access token").FillAsync(first);
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke token" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Revoked.");
        await Expect(page.Locator("table")).ToContainTextAsync(Jti(first));
        var refused = await fixture.DecideAsync(api, "GET", "/orders", first);
        Assert.Equal(401, refused.Status);
        Assert.Contains("revoked", refused.Body);
        Assert.Equal(200, (await fixture.DecideAsync(api, "GET", "/orders", second)).Status);

        await page.GetByLabel("Client id").FillAsync(clientId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke client's tokens" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Revoked.");
        await Expect(page.Locator("tbody tr", new() { HasText = clientId }).Locator("td:nth-child(2)")).ToHaveTextAsync(["token", "client"]);
        Assert.Equal(401, (await fixture.DecideAsync(api, "GET", "/orders", second)).Status);
        await ConsoleFixture.ScreenshotAsync(page, "revocations");
    }

    [Fact]
    public async Task EditInPlace_ScopesGrantsSecretsAndDeletion_TakeEffect()
    {
        var (api, clientId, secret) = await SetUpAsync("edit");
        var page = await fixture.SignedInPageAsync();

        // A scope added and described on the API's page.
        await page.GotoAsync($"{fixture.ConsoleUrl}/apis/edit?id={Uri.EscapeDataString(api)}");
        await page.GetByLabel("Scope 3 value").FillAsync("admin:orders");
        await page.GetByLabel("Scope 3 description").FillAsync("Manage orders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save API" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        Assert.Contains((await fixture.AdminAsync(HttpMethod.Get, $"/apis/{Uri.EscapeDataString(api)}"))!["scopes"]!.AsArray(),
            s => s!["value"]!.GetValue<string>() == "admin:orders" && s["description"]!.GetValue<string>() == "Manage orders");

        // The grant widened in place: the client may now POST.
        await page.GotoAsync($"{fixture.ConsoleUrl}/grants?client={clientId}");
        await page.GetByLabel("write:orders").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Save scopes of {clientId} for {api}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Grant saved.");
        Assert.Equal(200, (await fixture.DecideAsync(api, "POST", "/orders", await fixture.TokenAsync(clientId, secret, api))).Status);

        // A second secret with an overlap, then the first deleted: only the new one works.
        await page.GotoAsync($"{fixture.ConsoleUrl}/clients/edit?id={clientId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add secret" }).ClickAsync();
        var second = (await page.Locator("#new-secret").InnerTextAsync()).Trim();
        await Expect(page.Locator("tbody tr", new() { HasText = "sec_" })).ToHaveCountAsync(2);
        await fixture.TokenAsync(clientId, second, api);
        await page.GotoAsync($"{fixture.ConsoleUrl}/clients/edit?id={clientId}");
        Assert.DoesNotContain(second, await page.ContentAsync());
        await page.Locator("tbody tr").First.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Delete secret") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Secret deleted.");
        Assert.Single((await fixture.AdminAsync(HttpMethod.Get, $"/clients/{clientId}/secrets"))!["items"]!.AsArray());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await fixture.TokenStatusAsync(clientId, secret, api));
        var token = await fixture.TokenAsync(clientId, second, api);

        // The grant removed, then the client deleted: its tokens stop working.
        await page.GotoAsync($"{fixture.ConsoleUrl}/clients/edit?id={clientId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("tokens issued under it are revoked");
        Assert.Null(await fixture.AdminAsync(HttpMethod.Get, $"/clients/{clientId}"));
        Assert.Equal(401, (await fixture.DecideAsync(api, "GET", "/orders", token)).Status);
        await ConsoleFixture.ScreenshotAsync(page, "client-deleted");
    }

    [Fact]
    public async Task Keys_RotateNow_PublishesTheNextKey()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync(fixture.ConsoleUrl + "/keys");
        var es256 = page.Locator("table[aria-labelledby='alg-ES256']");
        await Expect(es256.Locator("tr[data-status='current']")).ToHaveCountAsync(1);
        await page.GetByLabel("Algorithm").SelectOptionAsync("ES256");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("new signing key is published");
        await Expect(es256.Locator("tr[data-status='next']")).ToHaveCountAsync(1);
        await Expect(es256.Locator("tr[data-status='current']")).ToHaveCountAsync(1);
        var next = (await es256.Locator("tr[data-status='next'] code").InnerTextAsync()).Trim();
        var jwks = JsonNode.Parse(await fixture.Http.GetStringAsync(fixture.Url + "/.well-known/jwks.json"))!;
        Assert.Contains(jwks["keys"]!.AsArray(), k => k!["kid"]!.GetValue<string>() == next);
        await ConsoleFixture.ScreenshotAsync(page, "keys");
    }

    [Fact]
    public async Task BadInput_ShowsInlineErrors_AndChangesNothing()
    {
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync(fixture.ConsoleUrl + "/apis");
        var apisBefore = (await fixture.AdminAsync(HttpMethod.Get, "/apis?limit=200"))!["items"]!.AsArray().Count;
        await page.GetByLabel("Identifier").FillAsync("not a uri");
        await page.GetByLabel("Scope 1 value").FillAsync("has space");
        await page.GetByLabel("Token lifetime (seconds)").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create API" }).ClickAsync();
        await Expect(page.Locator("#identifier")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#identifier-error")).ToContainTextAsync("absolute URI");
        await Expect(page.Locator("#scope-0-value-error")).ToContainTextAsync("without spaces");
        await Expect(page.Locator("#access_token_lifetime-error")).ToContainTextAsync("between 1 and");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Nothing was changed");
        await Expect(page.Locator("#identifier")).ToHaveValueAsync("not a uri");
        await ConsoleFixture.ScreenshotAsync(page, "inline-errors");
        Assert.Equal(apisBefore, (await fixture.AdminAsync(HttpMethod.Get, "/apis?limit=200"))!["items"]!.AsArray().Count);

        // Route rules naming a scope the API lacks, and a malformed document: refused as PUT /admin/apis/{id}/routes refuses them.
        var (api, _, _) = await SetUpAsync("badrules");
        var before = (await fixture.AdminAsync(HttpMethod.Get, $"/apis/{Uri.EscapeDataString(api)}/routes"))!.ToJsonString();
        await page.GotoAsync($"{fixture.ConsoleUrl}/apis/edit?id={Uri.EscapeDataString(api)}");
        await page.GetByLabel("Rules document (JSON)").FillAsync("""{"rules":[{"route":"GET /x","scopes":["read:orders"]},{"route":"POST /x","scopes":["nope:x"]}]}""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save route rules" }).ClickAsync();
        await Expect(page.Locator("form", new() { HasText = "Rules document" }).Locator("p.error")).ToContainTextAsync("rules[1]: scopes not defined");
        await Expect(page.Locator(".posted-rules tr.invalid")).ToHaveCountAsync(1);
        await Expect(page.Locator(".posted-rules tr.invalid")).ToContainTextAsync("nope:x");
        await ConsoleFixture.ScreenshotAsync(page, "route-rules-errors");
        await page.GetByLabel("Rules document (JSON)").FillAsync("""{"rules":[{"route":"GET /x",""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save route rules" }).ClickAsync();
        await Expect(page.Locator("#routes-error")).ToContainTextAsync("JSON");
        Assert.Equal(before, (await fixture.AdminAsync(HttpMethod.Get, $"/apis/{Uri.EscapeDataString(api)}/routes"))!.ToJsonString());

        // A client with an origin that is not one.
        await page.GotoAsync(fixture.ConsoleUrl + "/clients");
        var id = ConsoleFixture.Unique("bad-origin");
        await page.GetByLabel("Client id (optional)").FillAsync(id);
        await page.GetByLabel("Allowed web origins (one per line)").FillAsync("https://ok.example\nftp://files.example/x");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();
        await Expect(page.Locator("#allowed_origins-error")).ToContainTextAsync("must be a web origin");
        await Expect(page.Locator("#new-secret")).ToHaveCountAsync(0);
        Assert.Null(await fixture.AdminAsync(HttpMethod.Get, $"/clients/{id}"));
    }

    [Fact]
    public async Task RulesEditor_TakesARateLimit_RefusesABadOneByField_AndTheTesterShows429()
    {
        var page = await fixture.SignedInPageAsync();
        var (api, client, _) = await SetUpAsync("ratelimit");
        var limited = Rules.TrimEnd()[..^1] + """, "rate_limit": {"clients": {"CLIENT": {"requests_per_second": 0.001, "burst": 1}}}}""".Replace("CLIENT", client, StringComparison.Ordinal);
        await page.GotoAsync($"{fixture.ConsoleUrl}/apis/edit?id={Uri.EscapeDataString(api)}");

        await page.GetByLabel("Rules document (JSON)").FillAsync(limited.Replace("\"burst\": 1", "\"burst\": 0", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save route rules" }).ClickAsync();
        await Expect(page.Locator("form", new() { HasText = "Rules document" }).Locator("p.error"))
            .ToContainTextAsync($"rate_limit.clients.{client}.burst: must be a whole number from 1 to 1000000, not 0");
        Assert.Null((await fixture.AdminAsync(HttpMethod.Get, $"/apis/{Uri.EscapeDataString(api)}/routes"))!["rate_limit"]);

        await page.GetByLabel("Rules document (JSON)").FillAsync(limited);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save route rules" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Route rules saved");
        await Expect(page.Locator("#rate-limit")).ToContainTextAsync($"{client} 0.001/s, burst 1");

        await page.GotoAsync($"{fixture.ConsoleUrl}/tester?client={client}");
        await AskAsync(page, api, "GET", "/orders/7");
        await Expect(page.Locator("#decision-status")).ToContainTextAsync("200");
        await AskAsync(page, api, "GET", "/orders/7");
        await Expect(page.Locator("#decision-status")).ToContainTextAsync("429 too many requests");
        await Expect(page.Locator("#decision-reason")).ToHaveTextAsync("rate_limited");
        await Expect(page.Locator("#decision-retry-after")).ToContainTextAsync(new Regex("^(999|1000) s"));
        await ConsoleFixture.ScreenshotAsync(page, "decision-tester-rate-limited");
    }

    [Fact]
    public async Task Overview_ShowsThisNodesActivity_TokensIssuedAndDecisionsRefusedByReason()
    {
        var page = await fixture.SignedInPageAsync();
        var before = long.Parse(await page.Locator("#tokens-issued").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);

        await fixture.TokenAsync(ConsoleFixture.RootClientId, ConsoleFixture.RootSecret, "tollgate:admin");
        await fixture.TokenAsync(ConsoleFixture.RootClientId, ConsoleFixture.RootSecret, "tollgate:admin");
        var (status, _) = await fixture.DecideAsync("tollgate:admin", "GET", "/admin/apis", "not-a-token-at-all");
        Assert.Equal(401, status);

        await page.ReloadAsync();
        var after = long.Parse(await page.Locator("#tokens-issued").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(after >= before + 2, $"tokens issued went from {before} to {after}");
        await Expect(page.Locator("#refused-decisions tr", new() { HasText = "unauthorized" }).First).ToBeVisibleAsync();
        Assert.DoesNotContain("not-a-token-at-all", await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleFixture.ScreenshotAsync(page, "overview-activity");
    }

    [Fact]
    public async Task SignOut_EndsTheSession_EvenForACopiedCookie()
    {
        var page = await fixture.SignedInPageAsync();
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "tollgate-console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
        await ConsoleFixture.ScreenshotAsync(page, "overview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Signed out.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync(fixture.ConsoleUrl + "/clients");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));

        // The old cookie, replayed: its admin token is on the revocation list now.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.ConsoleUrl + "/clients");
        request.Headers.Add("Cookie", $"tollgate-console={cookie.Value}");
        using var response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/console/signin", response.Headers.Location!.OriginalString);

        // Signing out revoked a token: a change, in the audit trail as the admin's.
        var audit = (await fixture.AdminAsync(HttpMethod.Get, "/audit?action=console.signout&limit=200"))!["items"]!.AsArray();
        var ended = audit.Where(e => e!["actor"]!.GetValue<string>() == ConsoleFixture.RootClientId && e["address"]!.GetValue<string>() == "127.0.0.1")
            .Select(e => e!["resource_id"]!.GetValue<string>()).ToHashSet();
        Assert.NotEmpty(ended);

        // ...and so is signing in: the entry names the session's jti (the one signing out revoked), never a token.
        var signIns = (await fixture.AdminAsync(HttpMethod.Get, "/audit?action=console.signin&limit=200"))!["items"]!.AsArray();
        var signIn = Assert.Single(signIns, e => ended.Contains(e!["after"]!["session_jti"]!.GetValue<string>()));
        Assert.Equal(ConsoleFixture.RootClientId, signIn!["actor"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", signIn["address"]!.GetValue<string>());
        Assert.Equal("client", signIn["resource_kind"]!.GetValue<string>());
        Assert.All(signIns, e => Assert.DoesNotContain("eyJ", e!.ToJsonString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryPage_EveryControlHasAnAccessibleName_AndNothingBreaksTheCsp()
    {
        var page = await fixture.SignedInPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        string[] paths = ["", "/apis", "/apis/edit?id=tollgate%3Aadmin", "/clients", "/clients/edit?id=tollgate-root", "/grants?client=tollgate-root",
            "/permissions", "/permissions?client=tollgate-root", "/tester", "/revocations", "/keys"];
        foreach (var path in paths)
        {
            await page.GotoAsync(fixture.ConsoleUrl + path);
            var unnamed = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a')].filter(e => {
                  const labelled = e.labels && e.labels.length > 0 && [...e.labels].some(l => l.textContent.trim().length > 0);
                  return !labelled && !(e.getAttribute('aria-label') || '').trim() && !(e.textContent || '').trim();
                }).map(e => e.outerHTML.slice(0, 160))
                """);
            Assert.True(unnamed.Length == 0, $"{path}: {string.Join("\n", unnamed)}");
            Assert.Equal(1, await page.Locator("h1").CountAsync());
        }
        Assert.Empty(problems); // a CSP violation or a script error shows up here
        await ConsoleFixture.ScreenshotAsync(page, "keys-labelled");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_ByKeyboardAlone()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.ConsoleUrl + "/keys");
        await Expect(page.Locator("#client_id")).ToBeFocusedAsync(); // autofocus
        await page.Keyboard.TypeAsync(ConsoleFixture.RootClientId);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#client_secret")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(ConsoleFixture.RootSecret);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/console/keys$")); // back where the admin was going
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await ConsoleFixture.ScreenshotAsync(page, "signed-in-by-keyboard");
        await page.Context.CloseAsync();
    }

    private async Task<string> CreateClientAsync(IPage page, string clientId)
    {
        await page.GotoAsync(fixture.ConsoleUrl + "/clients");
        await page.GetByLabel("Client id (optional)").FillAsync(clientId);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(clientId + " service");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create client" }).ClickAsync();
        await Expect(page.Locator("#secret-heading")).ToContainTextAsync(clientId);
        return (await page.Locator("#new-secret").InnerTextAsync()).Trim();
    }

    private async Task GrantAsync(IPage page, string clientId, string api, string scopes)
    {
        await page.GotoAsync($"{fixture.ConsoleUrl}/grants?client={clientId}");
        await page.Locator("#client_id").FillAsync(clientId);
        await page.Locator("#audience").SelectOptionAsync(api);
        await page.Locator("#scope").FillAsync(scopes);
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Grant saved.");
        await Expect(page.Locator("tbody tr", new() { HasText = api })).ToHaveCountAsync(1);
    }

    private static async Task AskAsync(IPage page, string api, string method, string path)
    {
        await page.Locator("#audience").SelectOptionAsync(api);
        await page.GetByLabel("Method").SelectOptionAsync(method);
        await page.GetByLabel("Path", new() { Exact = true }).FillAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = "Decide" }).ClickAsync();
        await Expect(page.Locator("#decision")).ToBeVisibleAsync();
    }

    /// <summary>An API with the orders rules and a client granted read:orders, through the admin API.</summary>
    private async Task<(string Api, string ClientId, string Secret)> SetUpAsync(string name)
    {
        var suffix = ConsoleFixture.Unique(name);
        var api = $"https://{suffix}.example";
        await fixture.AdminAsync(HttpMethod.Post, "/apis", new Dictionary<string, object>
        {
            ["identifier"] = api, ["scopes"] = new[] { new { value = "read:orders" }, new { value = "write:orders" } },
        });
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"{fixture.Url}/admin/apis/{Uri.EscapeDataString(api)}/routes") { Content = new StringContent(Rules, Encoding.UTF8, "application/json") })
        {
            put.Headers.Authorization = new("Bearer", await fixture.TokenAsync(ConsoleFixture.RootClientId, ConsoleFixture.RootSecret, "tollgate:admin"));
            using var response = await fixture.Http.SendAsync(put);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var client = (await fixture.AdminAsync(HttpMethod.Post, "/clients", new Dictionary<string, object> { ["client_id"] = suffix + "-client" }))!;
        await fixture.AdminAsync(HttpMethod.Post, "/grants", new Dictionary<string, object> { ["client_id"] = suffix + "-client", ["audience"] = api, ["scope"] = new[] { "read:orders" } });
        return (api, suffix + "-client", client["client_secret"]!.GetValue<string>());
    }

    private static string Jti(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonNode.Parse(Convert.FromBase64String(payload))!["jti"]!.GetValue<string>();
    }
}
