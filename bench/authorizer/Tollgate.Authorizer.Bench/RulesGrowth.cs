using System.Diagnostics;
using System.Text;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Routing;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// Decision cost against the number of route rules: N generated rules (a third each
/// <c>GET /svcI/items</c>, <c>GET /svcI/items/{id}</c>, <c>POST /svcI/items</c>), tokens already
/// validated once (cached), requests spread over all rules. Also the one-off costs that do grow with
/// N: compiling the rules, and the permissions of a new scope set (every rule is checked once).
/// Times are CPU time of the measuring thread.
/// </summary>
public static class RulesGrowth
{
    public static async Task<Dictionary<string, double>> MeasureAsync(TokenSet tokens, int ruleCount, int decisions)
    {
        var services = Math.Max(1, ruleCount / 3); // complete triples only; a remainder is never requested
        var json = new StringBuilder("{\"rules\":[");
        for (var i = 0; i < ruleCount; i++)
        {
            var s = i / 3;
            json.Append(i > 0 ? "," : "").Append((i % 3) switch
            {
                0 => $"{{\"route\":\"GET /svc{s}/items\",\"any\":[\"read:contacts\",\"write:contacts\"]}}",
                1 => $"{{\"route\":\"GET /svc{s}/items/{{id}}\",\"any\":[\"read:contacts\",\"write:contacts\"]}}",
                _ => $"{{\"route\":\"POST /svc{s}/items\",\"all\":[\"write:contacts\"]}}",
            });
        }
        var text = json.Append("]}").ToString();

        var compileCpu = ThreadCpu.Nanoseconds();
        var table = RouteTable.Compile(RouteRulesFile.ParseJson(text));
        var compileMs = (ThreadCpu.Nanoseconds() - compileCpu) / 1e6;

        // Permissions of a scope set never seen before: O(rules), once per distinct scope set (then cached).
        var permissionRounds = Math.Max(3, 30_000 / ruleCount);
        var permissionsCpu = ThreadCpu.Nanoseconds();
        for (var i = 0; i < permissionRounds; i++) table.PermissionsFor($"read:contacts x{i}", ["read:contacts", $"x{i}"]);
        var permissionsUs = (ThreadCpu.Nanoseconds() - permissionsCpu) / 1e3 / permissionRounds;

        var authorizer = await Contenders.TollgateAsync(tokens, 100_000, rules: text);
        var hot = tokens.Rs256[..Math.Min(1000, tokens.Rs256.Length)];
        var random = new Random(42);
        var requests = Enumerable.Range(0, 4096).Select(i =>
        {
            var s = random.Next(services);
            var path = i % 2 == 0 ? $"/svc{s}/items" : $"/svc{s}/items/{i}";
            return AuthorizationRequest.ForToken("Bearer " + hot[i % hot.Length], "GET", path);
        }).ToArray();
        foreach (var r in requests) Contenders.Decide(authorizer, r); // validates every token once, then cached
        for (var i = 0; i < 200_000; i++) Contenders.Decide(authorizer, requests[i & 4095]);

        var cpu = ThreadCpu.Nanoseconds();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < decisions; i++) Contenders.Decide(authorizer, requests[i & 4095]);
        var wall = watch.Elapsed.TotalSeconds;
        var perSecond = decisions / ((ThreadCpu.Nanoseconds() - cpu) / 1e9);
        return new Dictionary<string, double>
        {
            ["rules"] = ruleCount,
            ["decisions_per_s"] = perSecond,
            ["decisions_per_s_wall"] = decisions / wall,
            ["decision_ns"] = 1e9 / perSecond,
            ["compile_ms"] = compileMs,
            ["new_scope_set_us"] = permissionsUs,
        };
    }
}
