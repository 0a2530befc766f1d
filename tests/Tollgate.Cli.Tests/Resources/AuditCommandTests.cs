using Microsoft.Data.Sqlite;
using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests.Resources;

/// <summary><c>tollgate audit list|verify</c> against a real server, whose SQLite file the test then edits behind its back.</summary>
public sealed class AuditCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AuditList_ShowsTheChange_AndVerify_FailsNamingTheEditedEntry()
    {
        var created = await server.RunAsync("clients", "create", "--name", "audited-by-cli", "--format", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var clientId = created.Json["client_id"]!.GetValue<string>();

        var list = await server.RunAsync("audit", "list", "--resource-kind", "client", "--resource-id", clientId, "--format", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var entry = Assert.Single(list.Json.AsArray())!;
        Assert.Equal("client.create", entry["action"]!.GetValue<string>());
        Assert.Equal("tollgate-root", entry["actor"]!.GetValue<string>());
        var id = entry["id"]!.GetValue<long>();

        var intact = await server.RunAsync("audit", "verify");
        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.Contains("Audit chain intact", intact.Stdout);

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(server.DataDirectory, "tollgate.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var edit = db.CreateCommand();
            edit.CommandText = $"UPDATE audit_entries SET after_json = replace(after_json, 'audited-by-cli', 'innocent') WHERE id = {id}";
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        }

        var broken = await server.RunAsync("audit", "verify");
        Assert.Equal(ExitCodes.Failure, broken.ExitCode);
        Assert.Contains($"audit chain broken at entry {id}", broken.Stderr);
        Assert.Contains("changed", broken.Stderr);
    }

    [Fact]
    public async Task AuditList_BadFilter_ExitsInvalidNamingIt()
    {
        var result = await server.RunAsync("audit", "list", "--from", "yesterday");
        Assert.Equal(ExitCodes.Invalid, result.ExitCode);
        Assert.Contains("from", result.Stderr);
    }
}
