using System.Text.Json;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Server.Tests.Decisions;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Audit;

public sealed class AuditTrailTests_Sqlite(KestrelHost host) : AuditTrailTests<KestrelHost>(host)
{
    protected override KestrelHost NewHost() => new();
}

public sealed class AuditTrailTests_Postgres(PostgresHost host) : AuditTrailTests<PostgresHost>(host)
{
    protected override PostgresHost NewHost() => new();
}

/// <summary>
/// The audit trail over real HTTP (Kestrel, so the caller has a real address) on a real SQLite file
/// or a real PostgreSQL database: an entry per change with who, where, what and before/after; no
/// secret anywhere in it; nothing for a refused change; paging and filters; the chain check catching
/// rows edited, deleted or reordered directly in the database; retention on a fake clock.
/// </summary>
public abstract class AuditTrailTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    /// <summary>A server of its own, for tests that tamper with the database or move the clock.</summary>
    protected abstract THost NewHost();

    private static async Task<long> HeadAsync(TollgateHost on) => (await on.AdminOkAsync(HttpMethod.Get, "/admin/audit/verify"))["head_id"]!.GetValue<long>();

    private static async Task<JsonObject> VerifyAsync(TollgateHost on) => await on.AdminOkAsync(HttpMethod.Get, "/admin/audit/verify");

    /// <summary>Every entry after <paramref name="after"/>, following the cursor.</summary>
    private static async Task<List<JsonObject>> EntriesAfterAsync(TollgateHost on, long after, string query = "")
    {
        var entries = new List<JsonObject>();
        string? cursor = $"c{after}";
        while (cursor is not null)
        {
            var page = await on.AdminOkAsync(HttpMethod.Get, $"/admin/audit?limit=200&cursor={cursor}{query}");
            entries.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        return entries;
    }

    private static JsonObject Single(List<JsonObject> entries, string action, string resourceId)
    {
        var matching = entries.Where(e => e.Str("action") == action && e.Str("resource_id") == resourceId).ToList();
        Assert.True(matching.Count == 1, $"expected one {action} {resourceId}, got {matching.Count}: {string.Join(", ", entries.Select(e => e.Str("action") + " " + e.Str("resource_id")))}");
        return matching[0];
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.True(JsonNode.Parse(text)!["errors"]?.AsObject().ContainsKey(field) == true, $"no error for '{field}' in {text}");
    }

    [Fact]
    public async Task EveryKindOfChange_IsRecorded_WithActorAddressActionAndBeforeAfter()
    {
        var start = await HeadAsync(host);

        var api = await host.AdminOkAsync(HttpMethod.Post, "/admin/apis", new { identifier = $"https://audit-{Guid.NewGuid():N}.example", scopes = new[] { new { value = "read:contacts" }, new { value = "write:contacts" } } });
        var apiId = api.Str("id");
        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/apis/{apiId}", new { name = "Renamed" });
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{apiId}/routes", ForwardAuthTests<InProcessHost>.Rules)).StatusCode);
        var client = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new { client_name = "audited" });
        var clientId = client.Str("client_id");
        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{clientId}", new { client_name = "audited, renamed" });
        var secret = await host.AdminOkAsync(HttpMethod.Post, $"/admin/clients/{clientId}/secrets", new { });
        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{clientId}/secrets/{secret.Str("id")}", new { expires_at = host.Time.GetUtcNow().AddDays(30) });
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{clientId}/secrets/{secret.Str("id")}")).StatusCode);
        var grant = await host.AdminOkAsync(HttpMethod.Post, "/admin/grants", new { client_id = clientId, audience = api.Str("identifier"), scope = new[] { "read:contacts", "write:contacts" } });
        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/grants/{grant.Str("id")}", new { scope = new[] { "read:contacts" } });
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/grants/{grant.Str("id")}")).StatusCode);
        var policy = await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new { subjects = new[] { clientId }, actions = new[] { "read" }, resources = new[] { "r" } });
        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/policies/{policy.Str("id")}", new { effect = "deny" });
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/policies/{policy.Str("id")}")).StatusCode);
        var key = await host.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "ES256" });
        await host.AdminOkAsync(HttpMethod.Post, "/admin/revocations", new { type = "token", jti = "jti-audited", expires_at = host.Time.GetUtcNow().AddHours(1) });
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/clients/{clientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/apis/{apiId}")).StatusCode);

        var entries = await EntriesAfterAsync(host, start);
        foreach (var entry in entries.Where(e => e.Str("actor") != "system"))
        {
            Assert.Equal(TollgateHost.RootClientId, entry.Str("actor"));
            Assert.Equal("127.0.0.1", entry.Str("address"));
        }
        var apiCreate = Single(entries, "api.create", apiId);
        Assert.Equal("api", apiCreate.Str("resource_kind"));
        Assert.Null(apiCreate["before"]);
        Assert.Equal(api.Str("identifier"), apiCreate["after"]!["identifier"]!.GetValue<string>());
        var apiUpdate = Single(entries, "api.update", apiId);
        Assert.Null(apiUpdate["before"]!["name"]);
        Assert.Equal("Renamed", apiUpdate["after"]!["name"]!.GetValue<string>());
        var routes = Single(entries, "api.routes.put", apiId);
        Assert.Null(routes["before"]!["routes"]);
        Assert.Contains("GET /contacts", routes["after"]!["routes"]!.GetValue<string>());
        Assert.Null(Single(entries, "api.delete", apiId)["after"]);

        Assert.Equal("audited", Single(entries, "client.create", clientId)["after"]!["client_name"]!.GetValue<string>());
        var clientUpdate = Single(entries, "client.update", clientId);
        Assert.Equal("audited", clientUpdate["before"]!["client_name"]!.GetValue<string>());
        Assert.Equal("audited, renamed", clientUpdate["after"]!["client_name"]!.GetValue<string>());
        var secretAdd = Single(entries, "client.secret.add", clientId);
        Assert.Single(secretAdd["before"]!["secrets"]!.AsArray());
        Assert.Equal(2, secretAdd["after"]!["secrets"]!.AsArray().Count);
        var secretUpdate = Single(entries, "client.secret.update", clientId);
        Assert.NotNull(secretUpdate["after"]!["secrets"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == secret.Str("id"))!["expires_at"]);
        Assert.Single(Single(entries, "client.secret.delete", clientId)["after"]!["secrets"]!.AsArray());
        Assert.Equal("client", Single(entries, "client.delete", clientId).Str("resource_kind"));

        Assert.Equal(2, Single(entries, "grant.create", grant.Str("id"))["after"]!["scope"]!.AsArray().Count);
        var grantUpdate = Single(entries, "grant.update", grant.Str("id"));
        Assert.Equal(2, grantUpdate["before"]!["scope"]!.AsArray().Count);
        Assert.Single(grantUpdate["after"]!["scope"]!.AsArray());
        Single(entries, "grant.delete", grant.Str("id"));

        Single(entries, "policy.create", policy.Str("id"));
        var policyUpdate = Single(entries, "policy.update", policy.Str("id"));
        Assert.Equal("allow", policyUpdate["before"]!["effect"]!.GetValue<string>());
        Assert.Equal("deny", policyUpdate["after"]!["effect"]!.GetValue<string>());
        Single(entries, "policy.delete", policy.Str("id"));

        var rotation = Single(entries, "key.rotate", key.Str("kid"));
        Assert.Equal("ES256", rotation["after"]!["alg"]!.GetValue<string>());
        Assert.Equal("ES256", rotation["before"]!["alg"]!.GetValue<string>());   // the key it succeeds
        var revocation = Single(entries, "revocation.create", "jti-audited");
        Assert.Equal("token", revocation["after"]!["kind"]!.GetValue<string>());

        Assert.True((await VerifyAsync(host))["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EveryAdminMutation_NamesTheCallingClientAndItsAddress()
    {
        // A second admin client, so the actor is the caller and not the root client every other test uses.
        var (caller, callerSecret) = await host.CreateClientAsync();
        await host.GrantAsync(caller, "tollgate:admin", "tollgate:admin");
        var token = await host.TokenAsync(caller, callerSecret, "tollgate:admin");
        async Task<JsonObject> As(HttpMethod method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            if (body is not null) request.Content = body is string raw ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json") : System.Net.Http.Json.JsonContent.Create(body);
            using var response = await host.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path} → {(int)response.StatusCode}: {text}");
            return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
        }

        var start = await HeadAsync(host);
        var api = await As(HttpMethod.Post, "/admin/apis", new { identifier = $"https://caller-{Guid.NewGuid():N}.example", scopes = new[] { new { value = "read:contacts" }, new { value = "write:contacts" } } });
        var apiId = api.Str("id");
        await As(HttpMethod.Patch, $"/admin/apis/{apiId}", new { name = "Renamed" });
        await As(HttpMethod.Put, $"/admin/apis/{apiId}/routes", ForwardAuthTests<InProcessHost>.Rules);
        var clientId = (await As(HttpMethod.Post, "/admin/clients", new { client_name = "by caller" })).Str("client_id");
        await As(HttpMethod.Patch, $"/admin/clients/{clientId}", new { client_name = "by caller, renamed" });
        var secretId = (await As(HttpMethod.Post, $"/admin/clients/{clientId}/secrets", new { })).Str("id");
        await As(HttpMethod.Patch, $"/admin/clients/{clientId}/secrets/{secretId}", new { expires_at = host.Time.GetUtcNow().AddDays(30) });
        await As(HttpMethod.Delete, $"/admin/clients/{clientId}/secrets/{secretId}");
        var grantId = (await As(HttpMethod.Post, "/admin/grants", new { client_id = clientId, audience = api.Str("identifier"), scope = new[] { "read:contacts", "write:contacts" } })).Str("id");
        await As(HttpMethod.Patch, $"/admin/grants/{grantId}", new { scope = new[] { "read:contacts" } });
        await As(HttpMethod.Delete, $"/admin/grants/{grantId}");
        var policyId = (await As(HttpMethod.Post, "/admin/policies", new { subjects = new[] { clientId }, actions = new[] { "read" }, resources = new[] { "r" } })).Str("id");
        await As(HttpMethod.Patch, $"/admin/policies/{policyId}", new { effect = "deny" });
        await As(HttpMethod.Delete, $"/admin/policies/{policyId}");
        var kid = (await As(HttpMethod.Post, "/admin/keys/rotate", new { alg = "ES256" })).Str("kid");
        await As(HttpMethod.Post, "/admin/revocations", new { type = "token", jti = "jti-by-caller", expires_at = host.Time.GetUtcNow().AddHours(1) });
        await As(HttpMethod.Delete, $"/admin/clients/{clientId}");
        await As(HttpMethod.Delete, $"/admin/apis/{apiId}");

        // One row per admin mutation endpoint: method and route, the entry it writes.
        (string Endpoint, string Action, string ResourceId)[] table =
        [
            ("POST /admin/apis/", "api.create", apiId),
            ("PATCH /admin/apis/{id}", "api.update", apiId),
            ("DELETE /admin/apis/{id}", "api.delete", apiId),
            ("PUT /admin/apis/{id}/routes/", "api.routes.put", apiId),
            ("POST /admin/clients/", "client.create", clientId),
            ("PATCH /admin/clients/{clientId}", "client.update", clientId),
            ("DELETE /admin/clients/{clientId}", "client.delete", clientId),
            ("POST /admin/clients/{clientId}/secrets/", "client.secret.add", clientId),
            ("PATCH /admin/clients/{clientId}/secrets/{secretId}", "client.secret.update", clientId),
            ("DELETE /admin/clients/{clientId}/secrets/{secretId}", "client.secret.delete", clientId),
            ("POST /admin/grants/", "grant.create", grantId),
            ("PATCH /admin/grants/{id}", "grant.update", grantId),
            ("DELETE /admin/grants/{id}", "grant.delete", grantId),
            ("POST /admin/policies/", "policy.create", policyId),
            ("PATCH /admin/policies/{id}", "policy.update", policyId),
            ("DELETE /admin/policies/{id}", "policy.delete", policyId),
            ("POST /admin/keys/rotate", "key.rotate", kid),
            ("POST /admin/revocations/", "revocation.create", "jti-by-caller"),
        ];
        var entries = await EntriesAfterAsync(host, start);
        foreach (var (endpoint, action, resourceId) in table)
        {
            var entry = Single(entries, action, resourceId);
            Assert.True(entry.Str("actor") == caller, $"{endpoint}: actor '{entry.Str("actor")}', not the caller '{caller}'");
            Assert.True(entry.Str("address") == "127.0.0.1", $"{endpoint}: address '{entry["address"]}'");
        }
        Assert.Equal(table.Length, entries.Count(e => e.Str("actor") != "system"));

        // Every admin endpoint that changes something has its row: a new one cannot go unaudited unnoticed.
        var mutations = host.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m != "GET").Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(table.Select(r => r.Endpoint).Order(StringComparer.Ordinal), mutations);
    }

    [Fact]
    public async Task Secrets_HashesAndPrivateKeys_AppearNowhereInTheAudit()
    {
        var start = await HeadAsync(host);
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new { client_name = "secretive" });
        var clientId = created.Str("client_id");
        var added = await host.AdminOkAsync(HttpMethod.Post, $"/admin/clients/{clientId}/secrets", new { });
        await host.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "RS256" });

        var page = await host.AdminAsync(HttpMethod.Get, $"/admin/audit?limit=200&cursor=c{start}");
        var text = await page.Content.ReadAsStringAsync();
        Assert.Contains(clientId, text);
        Assert.Contains("client.secret.add", text);
        Assert.DoesNotContain(created.Str("client_secret"), text);
        Assert.DoesNotContain(added.Str("client_secret"), text);
        Assert.DoesNotContain("hash\":\"", text.Replace("previous_hash\":\"", "", StringComparison.Ordinal).Replace("\"hash\":\"", "", StringComparison.Ordinal));
        foreach (var stored in await StoredSecretsAsync(clientId)) Assert.DoesNotContain(stored, text);
    }

    /// <summary>The secret hashes and protected private keys as stored, read from the database itself.</summary>
    private async Task<List<string>> StoredSecretsAsync(string clientId)
    {
        var values = new List<string>();
        var db = host.Services.GetRequiredService<Core.Storage.IClientStore>();
        values.AddRange((await db.FindAsync(clientId, CancellationToken.None))!.Secrets.Select(s => s.Hash));
        var keys = host.Services.GetRequiredService<Core.Storage.IKeyStore>();
        values.AddRange((await keys.LoadAllAsync(CancellationToken.None)).Select(k => k.ProtectedPrivateKey));
        Assert.NotEmpty(values);
        return values;
    }

    [Fact]
    public async Task RefusedChanges_WriteNoEntry()
    {
        var start = await HeadAsync(host);
        var identifier = await host.CreateApiAsync();
        var afterCreate = await HeadAsync(host);
        Assert.Equal(start + 1, afterCreate);

        Assert.Equal(HttpStatusCode.BadRequest, (await host.AdminAsync(HttpMethod.Post, "/admin/apis", new { identifier = "not a uri" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.AdminAsync(HttpMethod.Post, "/admin/apis", new { identifier })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.AdminAsync(HttpMethod.Post, "/admin/clients", new { token_endpoint_auth_method = "none" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.AdminAsync(HttpMethod.Delete, "/admin/grants/grt_missing")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.AdminAsync(HttpMethod.Post, "/admin/revocations", new { type = "everything" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.AdminAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "HS256" })).StatusCode);

        Assert.Equal(afterCreate, await HeadAsync(host));
        Assert.Empty(await EntriesAfterAsync(host, afterCreate));
    }

    [Fact]
    public async Task List_PagesAndFilters()
    {
        var start = await HeadAsync(host);
        var from = host.Time.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await host.CreateClientAsync()).Id);
        await host.CreateApiAsync();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.AdminOkAsync(HttpMethod.Patch, $"/admin/clients/{ids[0]}", new { client_name = "later" });

        var first = await host.AdminOkAsync(HttpMethod.Get, $"/admin/audit?limit=2&cursor=c{start}&resource_kind=client");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var second = await host.AdminOkAsync(HttpMethod.Get, $"/admin/audit?limit=2&cursor={first.Str("next_cursor")}&resource_kind=client");
        Assert.Equal(2, second["items"]!.AsArray().Count);
        var pagedIds = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(e => e!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(pagedIds.Order(), pagedIds);
        Assert.Equal(pagedIds.Count, pagedIds.Distinct().Count());

        Assert.Equal(3, (await EntriesAfterAsync(host, start, "&resource_kind=client&action=client.create")).Count);
        var byResource = await EntriesAfterAsync(host, start, $"&resource_id={ids[0]}");
        Assert.Equal(["client.create", "client.update"], byResource.Select(e => e.Str("action")));
        Assert.Equal(5, (await EntriesAfterAsync(host, start, $"&actor={TollgateHost.RootClientId}")).Count);
        Assert.Empty(await EntriesAfterAsync(host, start, "&actor=someone-else"));
        var early = await EntriesAfterAsync(host, start, $"&from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(from.AddMinutes(1).ToString("O"))}");
        Assert.Equal(4, early.Count);
        var late = await EntriesAfterAsync(host, start, $"&from={Uri.EscapeDataString(from.AddMinutes(1).ToString("O"))}");
        Assert.Equal("client.update", Assert.Single(late).Str("action"));
    }

    [Theory]
    [InlineData("resource_kind=widgets", "resource_kind")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45T00:00:00Z", "to")]
    [InlineData("from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("limit=0", "limit")]
    [InlineData("cursor=bogus", "cursor")]
    [InlineData("actor=", "actor")]
    public async Task List_BadFilter_Is400NamingIt(string query, string field)
        => await AssertProblemAsync(await host.AdminAsync(HttpMethod.Get, $"/admin/audit?{query}"), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task ConsoleSignIn_IsAnEntryOfItsOwn_InTheChain_WithTheSessionJtiAndNoToken()
    {
        var start = await HeadAsync(host);
        var signIn = host.Services.GetRequiredService<Server.Console.ConsoleSignIn>();

        var refused = await host.Time.AdvanceUntilAsync(signIn.SignInAsync(TollgateHost.RootClientId, "not-the-secret", "203.0.113.9", CancellationToken.None));   // past the refusal's delay
        var result = await signIn.SignInAsync(TollgateHost.RootClientId, TollgateHost.RootSecret, "203.0.113.7", CancellationToken.None);

        Assert.Equal(Server.Console.SignInOutcome.Refused, refused.Outcome);
        Assert.Equal(Server.Console.SignInOutcome.SignedIn, result.Outcome);
        var entries = await EntriesAfterAsync(host, start, "&action=console.signin");
        var entry = Single(entries, "console.signin", TollgateHost.RootClientId); // the refused attempt changed nothing
        Assert.Equal("203.0.113.7", entry.Str("address"));
        Assert.Equal("client", entry.Str("resource_kind"));
        var jti = JsonDocument.Parse(Base64UrlDecode(result.Token!.Split('.')[1])).RootElement.GetProperty("jti").GetString();
        Assert.Equal(jti, entry["after"]!["session_jti"]!.GetValue<string>());
        Assert.DoesNotContain(result.Token!, entry.ToJsonString(), StringComparison.Ordinal);
        Assert.True((await VerifyAsync(host))["ok"]!.GetValue<bool>());
    }

    private static byte[] Base64UrlDecode(string value) => Convert.FromBase64String(value.Replace('-', '+').Replace('_', '/').PadRight((value.Length + 3) / 4 * 4, '='));

    [Fact]
    public async Task Audit_WithoutAdminToken_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync("/admin/audit/verify")).StatusCode);
    }

    [Fact]
    public async Task Verify_DetectsAnEditedRow()
    {
        await using var own = await StartAsync();
        var start = await HeadAsync(own.Host);
        for (var i = 0; i < 3; i++) await own.Host.CreateClientAsync();
        Assert.True((await VerifyAsync(own.Host))["ok"]!.GetValue<bool>());

        await AuditDatabase.ExecuteAsync(own.Host, $"UPDATE audit_entries SET actor = 'someone-innocent' WHERE id = {start + 2}");
        var result = await VerifyAsync(own.Host);
        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal(start + 2, result["first_bad_id"]!.GetValue<long>());
        Assert.Contains("changed", result.Str("problem"));
    }

    [Fact]
    public async Task Verify_DetectsADeletedRow_AndDeletedNewestRows()
    {
        await using var own = await StartAsync();
        var start = await HeadAsync(own.Host);
        for (var i = 0; i < 4; i++) await own.Host.CreateClientAsync();

        await AuditDatabase.ExecuteAsync(own.Host, $"DELETE FROM audit_entries WHERE id = {start + 2}");
        var gap = await VerifyAsync(own.Host);
        Assert.False(gap["ok"]!.GetValue<bool>());
        Assert.Equal(start + 2, gap["first_bad_id"]!.GetValue<long>());
        Assert.Contains("missing", gap.Str("problem"));

        await using var other = await StartAsync();
        var head = await HeadAsync(other.Host);
        await AuditDatabase.ExecuteAsync(other.Host, $"DELETE FROM audit_entries WHERE id = {head}");
        var truncated = await VerifyAsync(other.Host);
        Assert.False(truncated["ok"]!.GetValue<bool>());
        Assert.Equal(head, truncated["first_bad_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Verify_DetectsReorderedRows()
    {
        await using var own = await StartAsync();
        var start = await HeadAsync(own.Host);
        for (var i = 0; i < 3; i++) await own.Host.CreateClientAsync();

        // Swap two entries' places: each keeps its own content and hashes but takes the other's id.
        var (a, b) = (start + 1, start + 2);
        await AuditDatabase.ExecuteAsync(own.Host, $"UPDATE audit_entries SET id = -1 WHERE id = {a}");
        await AuditDatabase.ExecuteAsync(own.Host, $"UPDATE audit_entries SET id = {a} WHERE id = {b}");
        await AuditDatabase.ExecuteAsync(own.Host, $"UPDATE audit_entries SET id = {b} WHERE id = -1");
        var result = await VerifyAsync(own.Host);
        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.Equal(a, result["first_bad_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Retention_PurgesOldEntries_OnAFakeClock_AndTheChainStillVerifies()
    {
        await using var own = await StartAsync();
        var old = (await own.Host.CreateClientAsync()).Id;
        own.Host.Time.Advance(TimeSpan.FromDays(366));
        var recent = (await own.Host.CreateClientAsync()).Id;

        await own.Host.Services.GetRequiredService<Core.Startup.Housekeeping>().RunOnceAsync(CancellationToken.None);

        var entries = await EntriesAfterAsync(own.Host, 0);
        Assert.DoesNotContain(entries, e => e.Str("resource_id") == old);
        Assert.Contains(entries, e => e.Str("resource_id") == recent && e.Str("action") == "client.create");
        var purge = Assert.Single(entries, e => e.Str("action") == "audit.purge");
        Assert.Equal("system", purge.Str("actor"));
        var result = await VerifyAsync(own.Host);
        Assert.True(result["ok"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(purge["after"]!["purged_through"]!.GetValue<long>(), result["anchor_id"]!.GetValue<long>());
        Assert.True(result["anchor_id"]!.GetValue<long>() > 0);

        // Deleting the oldest kept entries and moving the anchor by hand is not a purge the chain recorded.
        var first = entries[0]["id"]!.GetValue<long>();
        await AuditDatabase.ExecuteAsync(own.Host, $"DELETE FROM audit_entries WHERE id = {first}");
        await AuditDatabase.ExecuteAsync(own.Host, $"UPDATE audit_state SET anchor_id = {first}, anchor_hash = '{entries[0].Str("hash")}'");
        var forged = await VerifyAsync(own.Host);
        Assert.False(forged["ok"]!.GetValue<bool>());
    }

    private async Task<Owned> StartAsync()
    {
        var own = NewHost();
        await own.InitializeAsync();
        return new Owned(own);
    }

    private sealed class Owned(THost host) : IAsyncDisposable
    {
        public THost Host => host;
        public async ValueTask DisposeAsync() => await host.DisposeAsync();
    }
}
