using System.Text.Json.Nodes;

namespace Tollgate.Cli.Apply;

public enum ChangeKind { Create, Update, Delete }

/// <summary>One field that differs: the server's value and the file's (null when absent).</summary>
public sealed record FieldChange(string Field, JsonNode? Before, JsonNode? After);

/// <summary>
/// One admin request of a change. Requests run phase by phase, so each finds what it depends on:
/// APIs and their new scopes before the grants and routes that use them, grants narrowed before
/// the scopes they used are removed, deletions last.
/// </summary>
public sealed record Step(Phase Phase, HttpMethod Method, string Path, JsonNode? Body);

public enum Phase { Apis, Clients, Grants, Routes, NarrowScopes, Deletions }

/// <summary>What apply does to one API, client or grant, as the plan shows it.</summary>
public sealed record Change(ChangeKind Kind, string Type, string Key, string? Source, IReadOnlyList<FieldChange> Fields, IReadOnlyList<Step> Steps)
{
    /// <summary>How the plan names it: <c>client reader (clients[3])</c>.</summary>
    public string Label => Source is null ? $"{Type} {Key}" : $"{Type} {Key} ({Source})";
}

/// <summary>Every change, in the file's order by type; <see cref="Kept"/> counts what the server has beyond the file, left alone without --prune.</summary>
public sealed record Plan(IReadOnlyList<Change> Changes, int Kept)
{
    public int Count(ChangeKind kind) => Changes.Count(c => c.Kind == kind);
}
