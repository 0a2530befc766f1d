using System.Text.Json.Nodes;
using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests.Apply;

/// <summary>
/// <c>tollgate apply</c> against a real server. Each test first applies its own file with
/// <c>--prune</c>, so it starts from exactly that state whatever ran before it.
/// </summary>
public sealed class ApplyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    /// <summary>The contacts API as the file has it: scopes (one with a description) and route rules.</summary>
    private const string ContactsApi = """
        - identifier: https://contacts.example
          name: Contacts
          scopes:
          - value: read:contacts
          - value: write:contacts
            description: Create and change
          routes:
          - route: GET /contacts
            any: [read:contacts, write:contacts]
          - route: POST /contacts
            scopes: [write:contacts]

        """;

    private const string Base = "apis:\n" + ContactsApi + """
        - identifier: urn:orders
          token_format: opaque
          access_token_lifetime: 600
          scopes: [{value: place}]
        clients:
        - client_id: reader
          client_name: read service
          metadata: {team: a}
        - client_id: writer
          allow_introspection: true
        grants:
        - client_id: reader
          audience: https://contacts.example
          scope: [read:contacts]
        - client_id: writer
          audience: https://contacts.example
          scope: [read:contacts, write:contacts]
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(server.NewDirectory(), name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<CliResult> OkAsync(params string[] args)
    {
        var result = await server.RunAsync(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private Task<CliResult> ResetAsync(string text = Base) => OkAsync("apply", "-f", Write("base.yaml", text), "--prune", "--secrets-out", Path.Combine(server.NewDirectory(), "s.json"));

    private async Task<string> ExportAsync() => (await OkAsync("export")).Stdout;

    [Fact]
    public async Task ApplyTwice_TheSecondRunReportsNoChanges_AndNothingOnTheServerMoves()
    {
        await ResetAsync();
        var file = Write("again.yaml", Base.Replace("name: Contacts", "name: Contacts again").Replace("  allow_introspection: true\n", "  allow_introspection: true\n  client_name: w\n"));
        var first = await OkAsync("apply", "-f", file);
        Assert.Contains("Applied: 0 created, 2 updated, 0 deleted.", first.Stdout);
        var before = await StateAsync();

        var second = await OkAsync("apply", "-f", file);

        Assert.Contains("No changes: the server already matches", second.Stdout);
        Assert.DoesNotContain("New client secrets", second.Stdout);
        Assert.Equal(before, await StateAsync());
        Assert.Empty((await OkAsync("apply", "-f", file, "--format", "json")).Json["changes"]!.AsArray());
    }

    /// <summary>Everything with a server timestamp or sequence: lists with updated_at, the revocation feed, route documents.</summary>
    private async Task<string> StateAsync()
    {
        var parts = new List<string>();
        foreach (var list in new[] { "apis", "clients", "grants", "revocations" }) parts.Add((await OkAsync(list, "list", "--format", "json")).Stdout);
        foreach (var api in new[] { "https://contacts.example", "urn:orders" }) parts.Add((await OkAsync("routes", "get", api, "--format", "json")).Stdout);
        Assert.Contains("updated_at", parts[1]);
        return string.Join('\n', parts);
    }

    [Fact]
    public async Task DryRun_PrintsTheDiff_AndChangesNothing()
    {
        await ResetAsync();
        var before = await ExportAsync();
        var file = Write("changed.yaml", Base.Replace("name: Contacts", "name: Contacts v2").Replace("""
            - client_id: writer
              allow_introspection: true
            """, """
            - client_id: auditor
            """).Replace("""
            - client_id: writer
              audience: https://contacts.example
              scope: [read:contacts, write:contacts]
            """, ""));

        var plan = await OkAsync("apply", "-f", file, "--dry-run", "--prune");

        Assert.Contains("~ api https://contacts.example\n    name: \"Contacts\" → \"Contacts v2\"\n", plan.Stdout);
        Assert.Contains("+ client auditor\n", plan.Stdout);
        Assert.Contains("- client writer\n", plan.Stdout);
        Assert.Contains("- grant writer → https://contacts.example\n", plan.Stdout);
        Assert.Contains("1 to create, 1 to update, 2 to delete.", plan.Stdout);
        Assert.Contains("Dry run: nothing was changed.", plan.Stdout);
        Assert.Equal(before, await ExportAsync());

        var json = (await OkAsync("apply", "-f", file, "--dry-run", "--prune", "--format", "json")).Json;
        Assert.True(json["dry_run"]!.GetValue<bool>());
        Assert.Equal(2, json["delete"]!.GetValue<int>());
        Assert.Equal(before, await ExportAsync());
    }

    [Fact]
    public async Task Prune_DeletesWhatTheFileLacks_WithoutPruneNothingIsDeleted()
    {
        await ResetAsync();
        var onlyContacts = Write("partial.yaml", "apis:\n" + ContactsApi);

        var kept = await OkAsync("apply", "-f", onlyContacts);
        Assert.Contains("No changes", kept.Stdout);
        Assert.Contains("5 on the server but not in the file stay (--prune deletes them).", kept.Stdout);
        Assert.Contains("client_id: reader", await ExportAsync());

        var pruned = await OkAsync("apply", "-f", onlyContacts, "--prune");
        Assert.Contains("0 to create, 0 to update, 5 to delete.", pruned.Stdout);
        var after = await ExportAsync();
        Assert.Contains("https://contacts.example", after);
        Assert.DoesNotContain("urn:orders", after);
        Assert.Contains("clients: []", after);
        Assert.Contains("grants: []", after);
        Assert.Contains("tollgate-root", (await OkAsync("clients", "list")).Stdout); // the CLI's own client is never pruned
        Assert.Contains("tollgate:admin", (await OkAsync("apis", "list")).Stdout);
    }

    [Fact]
    public async Task Update_RemovingAScopeNarrowsItsGrantsFirst_AndClearsAbsentFields()
    {
        await ResetAsync();
        // write:contacts goes: the writer's grant and the POST route must let go of it before the API can.
        var file = Write("narrow.yaml", Base
            .Replace("  - value: write:contacts\n    description: Create and change\n", "")
            .Replace("    any: [read:contacts, write:contacts]\n  - route: POST /contacts\n    scopes: [write:contacts]\n", "    scopes: [read:contacts]\n")
            .Replace("scope: [read:contacts, write:contacts]", "scope: [read:contacts]")
            .Replace("  client_name: read service\n  metadata: {team: a}\n", ""));

        var applied = await OkAsync("apply", "-f", file);

        Assert.Contains("0 to create, 3 to update, 0 to delete.", applied.Stdout);
        Assert.Contains("    client_name: \"read service\" → (none)", applied.Stdout);
        var client = (await OkAsync("clients", "get", "reader", "--format", "json")).Json;
        Assert.Equal("", client["client_name"]?.GetValue<string>() ?? "");
        Assert.Empty(client["metadata"]!.AsObject());
        Assert.DoesNotContain("write:contacts", await ExportAsync());
        Assert.Contains("No changes", (await OkAsync("apply", "-f", file)).Stdout);
    }

    /// <summary>An opaque-token API that requires DPoP, a DPoP-bound client and a tls_client_auth client with bound tokens.</summary>
    private static string SenderConstrained(bool bound, string subject) => string.Join('\n', new[]
    {
        "apis:",
        "- identifier: urn:orders",
        "  token_format: opaque",
        bound ? "  require_dpop: true" : null,
        "  scopes:",
        "  - value: place",
        "clients:",
        "- client_id: reader",
        bound ? "  dpop_bound_access_tokens: true" : null,
        "- client_id: orders-mtls",
        "  token_endpoint_auth_method: tls_client_auth",
        "  " + subject,
        "  tls_client_certificate_bound_access_tokens: true",
        "grants:",
        "- client_id: reader",
        "  audience: urn:orders",
        "  scope: [place]",
        "",
    }.OfType<string>());

    [Fact]
    public async Task SenderConstrainedSettings_AreAppliedExported_AndClearedWhenLeftOut()
    {
        var file = Write("bound.yaml", SenderConstrained(bound: true, "tls_client_auth_subject_dn: CN=orders,O=Example"));
        await ResetAsync(File.ReadAllText(file));

        var mtls = (await OkAsync("clients", "get", "orders-mtls", "--format", "json")).Json;
        Assert.Equal("CN=orders,O=Example", mtls["tls_client_auth_subject_dn"]!.GetValue<string>());
        Assert.True(mtls["tls_client_certificate_bound_access_tokens"]!.GetValue<bool>());
        Assert.True((await OkAsync("clients", "get", "reader", "--format", "json")).Json["dpop_bound_access_tokens"]!.GetValue<bool>());
        var exported = await ExportAsync();
        Assert.Contains("require_dpop: true", exported);
        Assert.Contains("dpop_bound_access_tokens: true", exported);
        Assert.DoesNotContain(": false", exported.Replace("allow_introspection: false", ""));   // off settings are left out of the file
        Assert.Contains("No changes", (await OkAsync("apply", "-f", file)).Stdout);

        // Another subject field replaces the DN; the settings left out of the file are turned off.
        var changed = Write("changed.yaml", SenderConstrained(bound: false, "tls_client_auth_san_dns: orders.example"));
        await OkAsync("apply", "-f", changed);

        var after = (await OkAsync("clients", "get", "orders-mtls", "--format", "json")).Json;
        Assert.Equal("orders.example", after["tls_client_auth_san_dns"]!.GetValue<string>());
        Assert.Null(after["tls_client_auth_subject_dn"]);
        Assert.False((await OkAsync("clients", "get", "reader", "--format", "json")).Json["dpop_bound_access_tokens"]!.GetValue<bool>());
        Assert.DoesNotContain("require_dpop", await ExportAsync());
        Assert.Contains("No changes", (await OkAsync("apply", "-f", changed)).Stdout);
    }

    private static string Quota(string? quota) => string.Join('\n', new[]
    {
        "clients:",
        "- client_id: metered",
        quota is null ? null : "  token_quota: " + quota,
        "",
    }.OfType<string>());

    [Fact]
    public async Task TokenQuota_IsAppliedExported_AndClearedWhenLeftOut()
    {
        var file = Write("quota.yaml", Quota("{per_minute: 10, per_day: 500, mode: log-only}"));
        await ResetAsync(File.ReadAllText(file));
        var client = (await OkAsync("clients", "get", "metered", "--format", "json")).Json;
        Assert.Equal("""{"per_minute":10,"per_day":500,"mode":"log-only"}""", client["token_quota"]!.ToJsonString());
        var exported = await ExportAsync();
        Assert.Contains("token_quota:", exported);
        Assert.Contains("per_day: 500", exported);
        Assert.Contains("No changes", (await OkAsync("apply", "-f", file)).Stdout);

        var bad = Write("bad-quota.yaml", Quota("{per_minute: -3}"));
        var refused = await server.RunAsync("apply", "-f", bad);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("token_quota.per_minute", refused.ToString());

        var cleared = Write("no-quota.yaml", Quota(null));
        await OkAsync("apply", "-f", cleared);
        Assert.Null((await OkAsync("clients", "get", "metered", "--format", "json")).Json["token_quota"]);
        Assert.Contains("No changes", (await OkAsync("apply", "-f", cleared)).Stdout);
    }

    private static string RateLimited(string? rateLimit) => string.Join('\n', new[]
    {
        "apis:",
        "- identifier: urn:limited",
        "  scopes: [{value: read}]",
        rateLimit is null ? null : "  rate_limit: " + rateLimit,
        "  routes:",
        "  - route: GET /items",
        "    scopes: [read]",
        "",
    }.OfType<string>());

    [Fact]
    public async Task RateLimit_IsAppliedWithTheRoutes_ExportedBack_AndClearedWhenLeftOut()
    {
        var file = Write("limited.yaml", RateLimited("{requests_per_second: 2.5, burst: 10, clients: {importer: {requests_per_second: 0.5}}}"));
        await ResetAsync(File.ReadAllText(file));

        var served = (await OkAsync("routes", "get", "urn:limited", "--format", "json")).Json;
        Assert.Equal("""{"requests_per_second":2.5,"burst":10,"clients":{"importer":{"requests_per_second":0.5}}}""", served["rate_limit"]!.ToJsonString());
        Assert.Equal("GET /items", served["rules"]![0]!["route"]!.GetValue<string>());
        var exported = await ExportAsync();
        Assert.Contains("rate_limit:", exported);
        Assert.Contains("requests_per_second: 2.5", exported);
        Assert.Contains("No changes", (await OkAsync("apply", "-f", file)).Stdout);
        var reapplied = Write("exported.yaml", exported);
        Assert.Contains("No changes", (await OkAsync("apply", "-f", reapplied)).Stdout);

        var bad = Write("bad-limit.yaml", RateLimited("{requests_per_second: 5, burst: 0}"));
        var refused = await server.RunAsync("apply", "-f", bad);
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("apis[0].rate_limit.burst: must be a whole number from 1 to 1000000, not 0", refused.Stderr);
        Assert.Contains("requests_per_second: 2.5", await ExportAsync());

        var cleared = Write("no-limit.yaml", RateLimited(null));
        Assert.Contains("1 to update", (await OkAsync("apply", "-f", cleared)).Stdout);
        Assert.DoesNotContain("rate_limit", await ExportAsync());
        Assert.Null(((await OkAsync("routes", "get", "urn:limited", "--format", "json")).Json)["rate_limit"]);
        Assert.Contains("No changes", (await OkAsync("apply", "-f", cleared)).Stdout);
    }

    [Fact]
    public async Task BadFile_EveryErrorIsReportedWithItsLine_AndTheServerIsUnchanged()
    {
        await ResetAsync();
        var before = await ExportAsync();
        var file = Write("tollgate.yaml", """
            apis:
            - identifier: https://contacts.example
              nmae: Contacts
              scopes: [{value: read}]
            - identifier: https://contacts.example
            - identifier: urn:new
              access_token_lifetime: soon
            clients:
            - client_id: new-client
              client_secret: tgcs_nope
            - client_id: tollgate-root
            grants:
            - client_id: reader
              audience: urn:orders2
              scope: [place]
            - client_id: reader
              audience: urn:orders
              scope: [write]
            - client_id: writer
              audience: https://contacts.example
              scope: [whatever]
            - client_id: writer
              audience: urn:new
              scope: [anything]
            """);

        var result = await server.RunAsync("apply", "-f", file);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.True(result.Stderr.Contains("tollgate.yaml: 8 errors; nothing was changed.", StringComparison.Ordinal), result.ToString());
        Assert.Contains("tollgate.yaml:3:3: apis[0].nmae: unknown field 'nmae'", result.Stderr);
        Assert.Contains("tollgate.yaml:5:3: apis[1].identifier: duplicate: apis[0] has the same identifier 'https://contacts.example'.", result.Stderr);
        Assert.Contains("tollgate.yaml:7:3: apis[2].access_token_lifetime: must be a whole number of seconds.", result.Stderr);
        Assert.Contains("tollgate.yaml:10:3: clients[0].client_secret: secrets never go in the configuration file", result.Stderr);
        Assert.Contains("tollgate.yaml:11:3: clients[1].client_id: 'tollgate-root' is the client this CLI acts as", result.Stderr);
        Assert.Contains("tollgate.yaml:14:3: grants[0].audience: unknown api 'urn:orders2'", result.Stderr);
        Assert.Contains("tollgate.yaml:18:11: grants[1].scope[0]: 'write' is not a scope of 'urn:orders'.", result.Stderr);
        // apis[0]'s unknown field does not hide what it defines: its scopes are still checked against.
        Assert.Contains("tollgate.yaml:21:11: grants[2].scope[0]: 'whatever' is not a scope of 'https://contacts.example'.", result.Stderr);
        Assert.DoesNotContain("grants[3]", result.Stderr); // urn:new has a mistake of its own, reported once, not again as "unknown"
        Assert.Empty(result.Stdout);
        Assert.Equal(before, await ExportAsync());
    }

    [Fact]
    public async Task BadJsonFile_ErrorsHaveLinesAndColumns_AndUnparsableFilesNameTheirLine()
    {
        await ResetAsync();
        var before = await ExportAsync();
        var json = Write("tollgate.json", "{\n  \"apis\": [\n    {\"identifier\": 5},\n    {\"identifier\": \"urn:x\", \"scopes\": [{\"value\": \"a b\"}]}\n  ],\n  \"clients\": {}\n}\n");

        var result = await server.RunAsync("apply", "-f", json);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("tollgate.json:3:6: apis[0].identifier: must be a string (quote it).", result.Stderr);
        Assert.Contains("tollgate.json:4:41: apis[1].scopes[0].value: must be 1-128 printable characters", result.Stderr);
        Assert.Contains("tollgate.json:6:3: clients: must be a list.", result.Stderr);

        var broken = await server.RunAsync("apply", "-f", Write("broken.yaml", "apis:\n  - identifier: [\n"));
        Assert.Equal(ExitCodes.Usage, broken.ExitCode);
        Assert.Matches(@"broken\.yaml:3:\d+: not valid YAML", broken.Stderr);
        var twice = await server.RunAsync("apply", "-f", Write("twice.json", "{\"apis\": [\n  {\"identifier\": \"urn:a\",\n   \"identifier\": \"urn:b\"}]}"));
        Assert.Equal(ExitCodes.Usage, twice.ExitCode);
        Assert.Contains("twice.json:3:4: apis[0].identifier: the key appears twice in one object.", twice.Stderr);
        var twiceYaml = await server.RunAsync("apply", "-f", Write("twice.yaml", "apis:\n- identifier: urn:a\n  identifier: urn:b\n"));
        Assert.Equal(ExitCodes.Usage, twiceYaml.ExitCode);
        Assert.Contains("twice.yaml:3:3: not valid YAML: Duplicate key identifier", twiceYaml.Stderr);
        var complexKey = await server.RunAsync("apply", "-f", Write("key.yaml", "apis:\n- ? [a, b]\n  : x\n"));
        Assert.Equal(ExitCodes.Usage, complexKey.ExitCode);
        Assert.Contains("every key must be a plain string", complexKey.Stderr);
        var truncated = await server.RunAsync("apply", "-f", Write("t.json", "{\"apis\": [\n"));
        Assert.Equal(ExitCodes.Usage, truncated.ExitCode);
        Assert.Contains("t.json:2:", truncated.Stderr);
        Assert.Equal(before, await ExportAsync());
    }

    [Fact]
    public async Task EmptyConfiguration_IsRefused_EvenWithPrune()
    {
        await ResetAsync();
        var before = await ExportAsync();

        var result = await server.RunAsync("apply", "-f", Write("empty.json", "{}"), "--prune");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("empty.json:1:1: none of apis, clients, grants", result.Stderr);
        Assert.Equal(before, await ExportAsync());
    }

    [Fact]
    public async Task UnsettableField_IsAnErrorBeforeAnythingIsSent()
    {
        await ResetAsync(Base.Replace("clients:\n", "clients:\n- client_id: timed\n  access_token_lifetime: 300\n"));
        var before = await ExportAsync();

        var result = await server.RunAsync("apply", "-f", Write("unset.yaml", Base.Replace("name: Contacts", "name: Renamed").Replace("clients:\n", "clients:\n- client_id: timed\n")));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unset.yaml:18:3: clients[0]: the server's client 'timed' has access_token_lifetime set, and the admin API cannot unset it", result.Stderr);
        Assert.Equal(before, await ExportAsync());
    }

    [Fact]
    public async Task NewClients_SecretsGoToTheSecretsFile0600_OrAreShownOnce_NeverIntoTheConfiguration()
    {
        await ResetAsync();
        var file = Write("new.yaml", Base.Replace("clients:\n", "clients:\n- client_id: fresh\n").Replace("grants:\n", "grants:\n- client_id: fresh\n  audience: urn:orders\n  scope: [place]\n"));
        var config = File.ReadAllText(file);
        var secrets = Path.Combine(server.NewDirectory(), "secrets.json");

        var applied = await OkAsync("apply", "-f", file, "--secrets-out", secrets);

        Assert.Contains("1 new client secret written to", applied.Stdout);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        var secret = JsonNode.Parse(File.ReadAllText(secrets))!["fresh"]!.GetValue<string>();
        Assert.StartsWith("tgcs_", secret);
        Assert.DoesNotContain(secret, applied.Stdout + applied.Stderr);
        Assert.Equal(config, File.ReadAllText(file));
        Assert.DoesNotContain("tgcs_", await ExportAsync());
        var token = await server.RunAsync(new Dictionary<string, string?> { ["TOLLGATE_CLIENT_ID"] = "fresh", ["TOLLGATE_CLIENT_SECRET"] = secret }, null, "token", "--audience", "urn:orders");
        Assert.True(token.ExitCode == 0, token.ToString());

        var another = Write("another.yaml", config.Replace("clients:\n", "clients:\n- client_id: second\n"));
        var printed = await OkAsync("apply", "-f", another);
        Assert.Matches(@"\n\nNew client secrets, shown this once[^\n]*\n  second  tgcs_\S+\n$", printed.Stdout);
        Assert.Equal(secret, JsonNode.Parse(File.ReadAllText(secrets))!["fresh"]!.GetValue<string>());
    }

    [Fact]
    public async Task SecretsOut_ReadableByOthers_IsNotUsed_AndTheSecretsArePrintedInstead()
    {
        await ResetAsync();
        var secrets = Path.Combine(server.NewDirectory(), "open.json");
        File.WriteAllText(secrets, "{}");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(secrets, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = await server.RunAsync("apply", "-f", Write("one.yaml", Base.Replace("clients:\n", "clients:\n- client_id: exposed\n")), "--secrets-out", secrets);

        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Contains("is readable by others", result.Stderr);
        Assert.Contains("The new secrets are printed on stdout instead.", result.Stderr);
        Assert.Matches(@"\n  exposed  tgcs_\S+\n$", result.Stdout);
        Assert.Equal("{}", File.ReadAllText(secrets));
    }

    [Fact]
    public async Task ServerRefusal_Midway_NamesTheItemAndStops()
    {
        await ResetAsync();
        // Within every field rule, but a request body over the admin API's 64 KB: only the server can refuse it.
        var scopes = string.Concat(Enumerable.Range(0, 150).Select(i => $"  - value: s{i}\n    description: {new string('x', 450)}\n"));
        var file = Write("huge.yaml", Base.Replace("apis:\n", $"apis:\n- identifier: urn:huge\n  scopes:\n{scopes}").Replace("clients:\n", "clients:\n- client_id: never-created\n"));

        var result = await server.RunAsync("apply", "-f", file);

        Assert.Equal(ExitCodes.Invalid, result.ExitCode);
        Assert.Contains("tollgate: apply stopped at create api urn:huge (apis[0]): POST /admin/apis: 400", result.Stderr);
        Assert.Contains("Stopped after", result.Stdout);
        Assert.Equal(ExitCodes.NotFound, (await server.RunAsync("clients", "get", "never-created")).ExitCode);
    }

    /// <summary>A P-256 public key as a YAML flow mapping (a JWK).</summary>
    private static string PublicJwk()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var p = key.ExportParameters(includePrivateParameters: false);
        return $"{{kty: EC, crv: P-256, kid: k1, alg: ES256, use: sig, x: \"{System.Buffers.Text.Base64Url.EncodeToString(p.Q.X)}\", y: \"{System.Buffers.Text.Base64Url.EncodeToString(p.Q.Y)}\"}}";
    }

    [Fact]
    public async Task ExportThenApplyOnAnEmptyServer_ExportsTheIdenticalFile_YamlAndJson()
    {
        await ResetAsync(Base.Replace("metadata: {team: a}", "metadata: {team: a, count: 3, code: \"007\", flag: \"true\", nested: {k: [1, \"2\"]}}")
            .Replace("token_format: opaque\n", "token_format: opaque\n  signing_alg: ES256\n")
            .Replace("clients:\n", "clients:\n- client_id: timed\n  access_token_lifetime: 300\n  allowed_origins: [https://app.example]\n  token_endpoint_auth_method: client_secret_post\n"
                + "- client_id: keyed\n  token_endpoint_auth_method: private_key_jwt\n  jwks_uri: https://keys.example/jwks.json\n"
                + $"- client_id: jwk-keyed\n  token_endpoint_auth_method: private_key_jwt\n  jwks: {{keys: [{PublicJwk()}]}}\n"));
        var yaml = await ExportAsync();
        var json = (await OkAsync("export", "--format", "json")).Stdout;
        Assert.Contains("code: \"007\"", yaml);
        Assert.Contains("kty: EC", yaml);

        var empty = new ServerFixture();
        await empty.InitializeAsync();
        try
        {
            var yamlFile = Write("export.yaml", yaml);
            var applied = await empty.RunAsync("apply", "-f", yamlFile, "--secrets-out", Path.Combine(server.NewDirectory(), "s.json"));
            Assert.True(applied.ExitCode == 0, applied.ToString());
            Assert.Equal(yaml, (await empty.RunAsync("export")).Stdout);

            var jsonFile = Write("export.json", json);
            Assert.Contains("No changes", (await empty.RunAsync("apply", "-f", jsonFile, "--prune")).Stdout);
            Assert.Equal(json, (await empty.RunAsync("export", "--format", "json")).Stdout);
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }
}
