using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Resources;

/// <summary>The five admin operations every resource shares, rendered the same way.</summary>
public static class Crud
{
    public static async Task<CliFailure?> CreateAsync(ServerClient server, Renderer output, string path, JsonNode body, CancellationToken ct)
    {
        var (created, failure) = await server.AdminAsync(HttpMethod.Post, path, body, ct);
        if (failure is null && created is not null) output.Item(created);
        return failure;
    }

    public static async Task<CliFailure?> ListAsync(ServerClient server, Renderer output, string path, IReadOnlyList<Column> columns, CancellationToken ct)
    {
        var (items, failure) = await server.ListAllAsync(path, ct);
        if (failure is null) output.List(items, columns);
        return failure;
    }

    public static async Task<CliFailure?> GetAsync(ServerClient server, Renderer output, string path, CancellationToken ct)
    {
        var (item, failure) = await server.AdminAsync(HttpMethod.Get, path, null, ct);
        if (failure is null && item is not null) output.Item(item);
        return failure;
    }

    public static async Task<CliFailure?> UpdateAsync(ServerClient server, Renderer output, string path, JsonObject body, CancellationToken ct)
    {
        if (body.Count == 0) return new CliFailure(ExitCodes.Usage, "nothing to change: give at least one option (see --help).");
        var (item, failure) = await server.AdminAsync(HttpMethod.Patch, path, body, ct);
        if (failure is null && item is not null) output.Item(item);
        return failure;
    }

    public static async Task<CliFailure?> DeleteAsync(ServerClient server, Renderer output, string path, string what, CancellationToken ct)
    {
        var (_, failure) = await server.AdminAsync(HttpMethod.Delete, path, null, ct);
        if (failure is null) output.Message($"Deleted {what}.");
        return failure;
    }
}
