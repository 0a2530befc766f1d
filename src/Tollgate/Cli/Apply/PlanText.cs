using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Cli.Apply;

/// <summary>
/// A plan as people read it, a diff: <c>+</c> create, <c>~</c> update with each field's
/// <c>before → after</c>, <c>-</c> delete, then the counts. Or as scripts read it (<c>--format json</c>).
/// </summary>
public static class PlanText
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Plan plan, TextWriter output)
    {
        foreach (var change in plan.Changes)
        {
            var mark = change.Kind switch { ChangeKind.Create => '+', ChangeKind.Update => '~', _ => '-' };
            output.WriteLine($"{mark} {change.Type} {change.Key}{Detail(change)}");
            foreach (var field in change.Fields) output.WriteLine($"    {field.Field}: {Show(field.Before)} → {Show(field.After)}");
        }
    }

    public static string Summary(Plan plan)
        => $"{plan.Count(ChangeKind.Create)} to create, {plan.Count(ChangeKind.Update)} to update, {plan.Count(ChangeKind.Delete)} to delete.{Kept(plan)}";

    /// <summary>What the server has beyond the file, left alone without --prune; empty when nothing.</summary>
    public static string Kept(Plan plan)
        => plan.Kept == 0 ? "" : $" {plan.Kept} on the server but not in the file {(plan.Kept == 1 ? "stays" : "stay")} (--prune deletes {(plan.Kept == 1 ? "it" : "them")}).";

    public static JsonObject ToJson(Plan plan) => new()
    {
        ["changes"] = new JsonArray(plan.Changes.Select(c => (JsonNode)new JsonObject
        {
            ["action"] = Executor.Verb(c.Kind), ["type"] = c.Type, ["key"] = c.Key, ["source"] = c.Source,
            ["fields"] = new JsonArray(c.Fields.Select(f => (JsonNode)new JsonObject
            {
                ["field"] = f.Field, ["before"] = f.Before?.DeepClone(), ["after"] = f.After?.DeepClone(),
            }).ToArray()),
        }).ToArray()),
        ["create"] = plan.Count(ChangeKind.Create), ["update"] = plan.Count(ChangeKind.Update), ["delete"] = plan.Count(ChangeKind.Delete),
        ["kept"] = plan.Kept,
    };

    /// <summary>A created grant shows its scopes: the one thing about it worth a glance.</summary>
    private static string Detail(Change change)
        => change is { Type: "grant", Kind: ChangeKind.Create } && change.Steps[0].Body?["scope"] is JsonArray scope ? $" [{string.Join(' ', scope.Select(s => s!.GetValue<string>()))}]" : "";

    private static string Show(JsonNode? value) => value is null ? "(none)" : value.ToJsonString(Compact);
}
