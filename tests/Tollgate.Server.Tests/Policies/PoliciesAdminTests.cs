using System.Net;
using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Policies;

public sealed class PoliciesAdminTests_InProcess(InProcessHost host) : PoliciesAdminTests<InProcessHost>(host);
public sealed class PoliciesAdminTests_Postgres(PostgresHost host) : PoliciesAdminTests<PostgresHost>(host);

/// <summary>/admin/policies: CRUD, paging and the subject filter, and every bad policy refused naming its field, storing nothing.</summary>
public abstract class PoliciesAdminTests<THost>(THost host) : IClassFixture<THost> where THost : TollgateHost
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static object NewPolicy(string id, string subject, string effect = "allow") => new
    {
        id, description = "reads orders", subjects = new[] { subject }, effect, actions = new[] { "read" },
        resources = new[] { "resources:orders:<.*>" },
        conditions = new Dictionary<string, object> { ["remoteIPAddress"] = new { type = "CIDRCondition", options = new { cidr = "10.0.0.0/8" } } },
        meta = new { owner = "team-a" },
    };

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public async Task Policy_CreateGetUpdateDelete_RoundTrips()
    {
        var id = Unique("pol");
        var created = await host.AdminAsync(HttpMethod.Post, "/admin/policies", NewPolicy(id, "client-a"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/admin/policies/{id}", created.Headers.Location!.ToString());

        var got = await host.AdminOkAsync(HttpMethod.Get, $"/admin/policies/{id}");
        Assert.Equal(("allow", "reads orders", "client-a", "resources:orders:<.*>"), (got.Str("effect"), got.Str("description"), got["subjects"]![0]!.GetValue<string>(), got["resources"]![0]!.GetValue<string>()));
        Assert.Equal("10.0.0.0/8", got["conditions"]!["remoteIPAddress"]!["options"]!["cidr"]!.GetValue<string>());
        Assert.Equal("team-a", got["meta"]!["owner"]!.GetValue<string>());

        var updated = await host.AdminOkAsync(HttpMethod.Patch, $"/admin/policies/{id}", new { effect = "deny", actions = new[] { "read", "write" } });
        Assert.Equal(("deny", 2, "reads orders"), (updated.Str("effect"), updated["actions"]!.AsArray().Count, updated.Str("description")));

        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, $"/admin/policies/{id}")).StatusCode);
        await ProblemAsync(await host.AdminAsync(HttpMethod.Get, $"/admin/policies/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await host.AdminAsync(HttpMethod.Delete, $"/admin/policies/{id}"), HttpStatusCode.NotFound);
        await ProblemAsync(await host.AdminAsync(HttpMethod.Patch, $"/admin/policies/{id}", new { effect = "allow" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Policy_WithoutId_GetsOne_DuplicateId_Is409()
    {
        var created = await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", new { subjects = new[] { "c" }, actions = new[] { "read" }, resources = new[] { "r" } });
        Assert.StartsWith("pol_", created.Str("id"));
        Assert.Equal("allow", created.Str("effect"));

        var id = Unique("dup");
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", NewPolicy(id, "c"));
        await ProblemAsync(await host.AdminAsync(HttpMethod.Post, "/admin/policies", NewPolicy(id, "other")), HttpStatusCode.Conflict);
        Assert.Equal("c", (await host.AdminOkAsync(HttpMethod.Get, $"/admin/policies/{id}"))["subjects"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Policy_List_PagesAndFiltersBySubject()
    {
        var subject = Unique("subject");
        for (var i = 0; i < 3; i++) await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", NewPolicy(Unique($"p{i}"), subject));
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", NewPolicy(Unique("other"), Unique("someone-else")));

        var first = await host.AdminOkAsync(HttpMethod.Get, $"/admin/policies?subject={subject}&limit=2");
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var cursor = first.Str("next_cursor");
        var second = await host.AdminOkAsync(HttpMethod.Get, $"/admin/policies?subject={subject}&limit=2&cursor={cursor}");
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["next_cursor"]);
        Assert.All(first["items"]!.AsArray().Concat(second["items"]!.AsArray()), p => Assert.Equal(subject, p!["subjects"]![0]!.GetValue<string>()));

        var problem = await ProblemAsync(await host.AdminAsync(HttpMethod.Get, "/admin/policies?limit=0"), HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("limit"));
    }

    public static TheoryData<string, string> Invalid => new()
    {
        // body, field named in the errors
        { """{"subjects":["c"],"actions":["read"],"resources":["resources:orders:<.*"]}""", "resources[0]" },
        { """{"subjects":["c"],"actions":["read"],"resources":["resources:orders:.*>"]}""", "resources[0]" },
        { """{"subjects":["c<"],"actions":["read"],"resources":["r"]}""", "subjects[0]" },
        { """{"subjects":["c"],"actions":["<(?<=x)y>"],"resources":["r"]}""", "actions[0]" },
        { """{"subjects":["c"],"actions":["read"],"resources":["r"],"conditions":{"ip":{"type":"MagicCondition"}}}""", "conditions.ip" },
        { """{"subjects":["c"],"actions":["read"],"resources":["r"],"conditions":{"ip":{"type":"CIDRCondition","options":{"cidr":"nope"}}}}""", "conditions.ip" },
        { """{"subjects":["c"],"actions":["read"],"resources":["r"],"conditions":{"ip":"CIDRCondition"}}""", "conditions.ip" },
        { """{"subjects":["c"],"actions":["read"],"resources":["r"],"conditions":[1]}""", "conditions" },
        { """{"subjects":["c"],"actions":["read"],"resources":["r"],"effect":"maybe"}""", "effect" },
        { """{"actions":["read"],"resources":["r"]}""", "subjects" },
        { """{"subjects":[],"actions":["read"],"resources":["r"]}""", "subjects" },
        { """{"subjects":["c"],"actions":["read"]}""", "resources" },
        { """{"id":"has space","subjects":["c"],"actions":["read"],"resources":["r"]}""", "id" },
        { """{"subjects":["c"],"actions":["read"],"resources":["r"],"colour":"red"}""", "colour" },
        { """{"subjects":"c","actions":["read"],"resources":["r"]}""", "subjects" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Policy_Invalid_Is400NamingTheField_AndStoresNothing(string body, string field)
    {
        var subject = Unique("bad");
        var response = await host.AdminAsync(HttpMethod.Post, "/admin/policies", body.Replace("\"c\"", $"\"{subject}\"").Replace("\"c<\"", $"\"{subject}<\""));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"no error for '{field}' in {problem.ToJsonString()}");
        Assert.Empty((await host.AdminOkAsync(HttpMethod.Get, $"/admin/policies?subject={subject}"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Policy_InvalidUpdate_Is400_AndKeepsThePolicy()
    {
        var id = Unique("keep");
        await host.AdminOkAsync(HttpMethod.Post, "/admin/policies", NewPolicy(id, "c"));
        var problem = await ProblemAsync(await host.AdminAsync(HttpMethod.Patch, $"/admin/policies/{id}", new { resources = new[] { "ok", "bad<" } }), HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("resources[1]"));
        var changeId = await ProblemAsync(await host.AdminAsync(HttpMethod.Patch, $"/admin/policies/{id}", new { id = "other" }), HttpStatusCode.BadRequest);
        Assert.True(changeId["errors"]!.AsObject().ContainsKey("id"));
        Assert.Equal("resources:orders:<.*>", (await host.AdminOkAsync(HttpMethod.Get, $"/admin/policies/{id}"))["resources"]![0]!.GetValue<string>());
    }
}
