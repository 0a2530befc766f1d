using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Tollgate.Cli.Tests;

/// <summary>
/// Log event ids are unique across every Tollgate assembly, each inside the range its project's
/// <c>LogEvents</c> declares (<c>First</c>..<c>Last</c>), and the ranges do not overlap.
/// </summary>
public class LogEventIdTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(Authorizer.Dpop.DpopChallenge).Assembly,
        typeof(Core.Quotas.TokenQuotas).Assembly,
        typeof(Server.Hosting.TollgateServer).Assembly,
        typeof(Client.ClientCredentialsHandler).Assembly,
        typeof(AspNetCore.TollgateAuthorizers).Assembly,
        typeof(Storage.Sqlite.SqliteAssertionReplayStore).Assembly,
        typeof(Aws.Secrets.SigV4).Assembly,
        typeof(TollgateCli).Assembly,
    ];

    private sealed record Range(Assembly Assembly, int First, int Last);

    private static Range RangeOf(Assembly assembly)
    {
        var registry = Assert.Single(assembly.GetTypes(), t => t.Name == "LogEvents");
        int Const(string name) => (int)registry.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
        return new Range(assembly, Const("First"), Const("Last"));
    }

    private static IEnumerable<(Assembly Assembly, string Method, int Id)> LoggedEvents() =>
        from assembly in Assemblies
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (assembly, $"{type.FullName}.{method.Name}", attribute.EventId);

    [Fact]
    public void LogEvents_EveryProject_DeclaresARange_DisjointFromTheOthers()
    {
        var ranges = Assemblies.Select(RangeOf).OrderBy(r => r.First).ToList();
        Assert.All(ranges, r => Assert.True(r.First <= r.Last, $"{r.Assembly.GetName().Name}: {r.First}–{r.Last}"));
        foreach (var (below, above) in ranges.Zip(ranges.Skip(1)))
            Assert.True(below.Last < above.First,
                $"{below.Assembly.GetName().Name} ({below.First}–{below.Last}) overlaps {above.Assembly.GetName().Name} ({above.First}–{above.Last})");
    }

    [Fact]
    public void LoggerMessage_EveryEventId_IsUniqueAcrossAssemblies()
    {
        var events = LoggedEvents().ToList();
        Assert.NotEmpty(events);
        var collisions = events.GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(collisions.Count == 0, "Event ids used more than once: " + string.Join("; ", collisions));
    }

    [Fact]
    public void LoggerMessage_EveryEventId_IsInsideItsProjectsRange()
    {
        var ranges = Assemblies.ToDictionary(a => a, RangeOf);
        var outside = LoggedEvents().Where(e => e.Id < ranges[e.Assembly].First || e.Id > ranges[e.Assembly].Last)
            .Select(e => $"{e.Method} = {e.Id} (range {ranges[e.Assembly].First}–{ranges[e.Assembly].Last})").ToList();
        Assert.True(outside.Count == 0, "Event ids outside their project's range: " + string.Join("; ", outside));
    }
}
