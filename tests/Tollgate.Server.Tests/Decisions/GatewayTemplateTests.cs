using System.Net;
using System.Net.Http.Headers;
using Tollgate.Server.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Server.Tests.Decisions;

/// <summary>
/// Traefik and Envoy are not packaged here, so their files in deploy/ are held to the header contract instead: each
/// request is made exactly as the gateway makes it (Traefik's X-Forwarded-* with the audience in the address; Envoy's
/// original method and path under the path prefix with its added header), and what the files copy onto the upstream
/// request is what an allowing answer really carries.
/// </summary>
public sealed class GatewayTemplateTests(KestrelHost host) : IClassFixture<KestrelHost>
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy");

    /// <summary>Traefik v3 forwardAuth options (doc.traefik.io, middlewares/http/forwardauth).</summary>
    private static readonly HashSet<string> TraefikForwardAuthOptions =
    [
        "address", "tls", "trustForwardHeader", "authResponseHeaders", "authResponseHeadersRegex", "authRequestHeaders",
        "addAuthCookiesToResponse", "headerField", "forwardBody", "maxBodySize", "preserveLocationHeader", "preserveRequestMethod",
    ];

    private async Task<(string Audience, string Reader, string Writer)> ContactsAsync()
    {
        var audience = await host.CreateApiAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, $"/admin/apis/{Uri.EscapeDataString(audience)}/routes", ForwardAuthTests<KestrelHost>.Rules)).StatusCode);
        var reader = await host.CreateClientAsync();
        await host.GrantAsync(reader.Id, audience, "read:contacts");
        var writer = await host.CreateClientAsync();
        await host.GrantAsync(writer.Id, audience, "read:contacts", "write:contacts");
        return (audience, await host.TokenAsync(reader.Id, reader.Secret, audience), await host.TokenAsync(writer.Id, writer.Secret, audience));
    }

    // ---- Envoy ----

    private async Task<HttpResponseMessage> EnvoyAsync(string audience, HttpMethod method, string path, string token, Action<HttpRequestMessage>? more = null)
    {
        var request = new HttpRequestMessage(method, "/decisions" + path);
        request.Headers.Host = "contacts.example";
        request.Headers.Add("X-Tollgate-Audience", audience);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        more?.Invoke(request);
        return await host.Http.SendAsync(request);
    }

    [Fact]
    public async Task Envoy_OriginalMethodAndPathUnderThePrefix_AreTheRequestDecided()
    {
        var (audience, reader, writer) = await ContactsAsync();
        var list = await EnvoyAsync(audience, HttpMethod.Get, "/contacts?limit=10", reader);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("read:contacts", list.Headers.GetValues("X-Tollgate-Scopes").Single());
        Assert.Equal(HttpStatusCode.OK, (await EnvoyAsync(audience, HttpMethod.Get, "/contacts/42", reader)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EnvoyAsync(audience, HttpMethod.Post, "/contacts", reader)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EnvoyAsync(audience, HttpMethod.Delete, "/contacts/42", reader)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EnvoyAsync(audience, HttpMethod.Delete, "/contacts/42", writer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EnvoyAsync(audience, HttpMethod.Get, "/orders", writer)).StatusCode);   // no rule
    }

    [Fact]
    public async Task Envoy_TheCallersHeadersAndQuery_CannotRenameTheRequestOrTheApi()
    {
        var (audience, reader, _) = await ContactsAsync();
        // Headers that name another request are ignored in the path form: the POST stays a POST.
        var forged = await EnvoyAsync(audience, HttpMethod.Post, "/contacts", reader, r =>
        {
            r.Headers.Add("X-Original-Method", "GET");
            r.Headers.Add("X-Original-URI", "/contacts");
            r.Headers.Add("X-Forwarded-Method", "GET");
        });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        // ?audience= belongs to the caller's request here, so it does not choose the API.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/decisions/contacts?audience={Uri.EscapeDataString(audience)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", reader);
        var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("server_error", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task EnvoyFile_PrefixesTheDecisionPath_AddsTheAudience_AndCopiesWhatAnAllowCarries()
    {
        var (audience, reader, _) = await ContactsAsync();
        var allow = await EnvoyAsync(audience, HttpMethod.Get, "/contacts", reader);
        var refusal = await EnvoyAsync(audience, HttpMethod.Post, "/contacts", reader);

        var root = Load("envoy/envoy.yaml");
        var filter = Find(root, "http_service").Parent!;
        var service = (YamlMappingNode)filter["http_service"];
        Assert.Equal("/decisions", Scalar(service, "path_prefix"));
        Assert.Equal("false", Scalar(filter, "failure_mode_allow"));
        var authorizationRequest = (YamlMappingNode)service["authorization_request"];
        var added = ((YamlSequenceNode)authorizationRequest["headers_to_add"]).Children.Cast<YamlMappingNode>().ToDictionary(h => Scalar(h, "key")!, h => Scalar(h, "value"));
        Assert.True(added.ContainsKey("X-Tollgate-Audience"));
        var forwarded = Patterns((YamlMappingNode)authorizationRequest["allowed_headers"]);
        Assert.Superset(new HashSet<string> { "dpop", "cookie", "origin" }, forwarded);
        Assert.DoesNotContain("x-original-uri", forwarded);   // never let a caller's header name the request

        var response = (YamlMappingNode)service["authorization_response"];
        var upstream = Patterns((YamlMappingNode)response["allowed_upstream_headers"]);
        var carried = allow.Headers.Select(h => h.Key.ToLowerInvariant()).Where(h => h.StartsWith("x-tollgate-", StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(carried);
        Assert.Superset(carried, upstream);
        Assert.Contains("www-authenticate", Patterns((YamlMappingNode)response["allowed_client_headers"]));
        Assert.NotEmpty(refusal.Headers.WwwAuthenticate);
    }

    // ---- Traefik ----

    [Fact]
    public async Task TraefikFile_IsKnownOptions_AndItsRequestsAreDecidedRightly()
    {
        var (audience, reader, writer) = await ContactsAsync();
        var root = Load("traefik/tollgate.yml");
        var forwardAuth = (YamlMappingNode)Find(root, "forwardAuth").Parent!["forwardAuth"];
        var unknown = forwardAuth.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Where(k => !TraefikForwardAuthOptions.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, "not forwardAuth options: " + string.Join(", ", unknown));
        Assert.Equal("false", Scalar(forwardAuth, "trustForwardHeader"));
        var address = new Uri(Scalar(forwardAuth, "address")!);
        Assert.Equal("/decisions", address.AbsolutePath);
        Assert.Superset(new HashSet<string> { "Authorization", "DPoP", "Cookie", "Origin" }, Sequence(forwardAuth, "authRequestHeaders"));

        // As Traefik asks: its X-Forwarded-* and the address's query, here with this test's API as the audience.
        async Task<HttpResponseMessage> TraefikAsync(string method, string uri, string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/decisions?audience=" + Uri.EscapeDataString(audience));
            request.Headers.Add("X-Forwarded-Method", method);
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "contacts.example");
            request.Headers.Add("X-Forwarded-Uri", uri);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await host.Http.SendAsync(request);
        }
        var allow = await TraefikAsync("GET", "/contacts/7", reader);
        Assert.Equal(HttpStatusCode.OK, allow.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TraefikAsync("PUT", "/contacts/7", reader)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TraefikAsync("PUT", "/contacts/7", writer)).StatusCode);

        var copied = Sequence(forwardAuth, "authResponseHeaders").Select(h => h.ToLowerInvariant()).ToHashSet();
        var carried = allow.Headers.Select(h => h.Key.ToLowerInvariant()).Where(h => h.StartsWith("x-tollgate-", StringComparison.Ordinal)).ToHashSet();
        Assert.Superset(carried, copied);
    }

    // ---- YAML helpers ----

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Deploy, file)));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The first mapping (depth first) that has <paramref name="key"/>, with its parent link for navigation.</summary>
    private static (YamlMappingNode? Parent, YamlNode Node) FindEntry(YamlNode node, string key)
    {
        if (node is YamlMappingNode map)
        {
            if (map.Children.TryGetValue(new YamlScalarNode(key), out var found)) return (map, found);
            foreach (var child in map.Children.Values)
                if (FindEntry(child, key) is { Parent: not null } hit) return hit;
        }
        if (node is YamlSequenceNode seq)
            foreach (var child in seq.Children)
                if (FindEntry(child, key) is { Parent: not null } hit) return hit;
        return (null, node);
    }

    private static (YamlMappingNode? Parent, YamlNode Node) Find(YamlNode root, string key)
    {
        var hit = FindEntry(root, key);
        Assert.True(hit.Parent is not null, $"no '{key}' in the file");
        return hit;
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value : null;

    private static HashSet<string> Sequence(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map[key]).Children.Select(c => ((YamlScalarNode)c).Value!).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Patterns(YamlMappingNode matcher) =>
        ((YamlSequenceNode)matcher["patterns"]).Children.Cast<YamlMappingNode>().Select(p => Scalar(p, "exact")!).ToHashSet(StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Tollgate.slnx not found above " + AppContext.BaseDirectory);
    }
}
