using Npgsql;
using Tollgate.Cli.Tests.Infrastructure;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Cli.Tests;

/// <summary><c>tollgate migrate</c>: applies the migrations and exits, on either provider; a newer schema is refused.</summary>
public sealed class MigrateCommandTests
{
    private static async Task<CliResult> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TollgateCli.RunAsync(args, new CliContext { Stdout = stdout, Stderr = stderr, Stdin = new StringReader(""), Environment = _ => null });
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Migrate_Sqlite_CreatesTheSchema_AndASecondRunChangesNothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tollgate-migrate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await RunAsync("migrate", $"--Tollgate:DataDirectory={dir}");
            Assert.True(first.ExitCode == ExitCodes.Ok, first.Stderr);
            Assert.Contains("SQLite", first.Stdout);
            Assert.True(File.Exists(Path.Combine(dir, "tollgate.db")));
            Assert.Equal(ExitCodes.Ok, (await RunAsync("migrate", $"--Tollgate:DataDirectory={dir}")).ExitCode);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Migrate_Postgres_AppliesOnce_AndRefusesANewerSchema()
    {
        var database = new NpgsqlConnectionStringBuilder(await TestPostgres.CreateDatabaseAsync());
        var password = database.Password!;
        database.Password = null;
        string[] args = ["migrate", "--Tollgate:Storage:Provider=postgres", $"--Tollgate:Storage:ConnectionString={database}", $"--Tollgate:Storage:Password={password}",
            $"--Tollgate:DataDirectory={Path.Combine(Path.GetTempPath(), "tollgate-migrate-" + Guid.NewGuid().ToString("N"))}"];

        var first = await RunAsync(args);
        Assert.True(first.ExitCode == ExitCodes.Ok, first.Stderr);
        Assert.Contains("PostgreSQL", first.Stdout);
        Assert.DoesNotContain(password, first.Stdout + first.Stderr);
        database.Password = password;
        await using var db = NpgsqlDataSource.Create(database.ToString());
        var applied = (long)(await db.CreateCommand("SELECT count(*) FROM schema_migrations").ExecuteScalarAsync())!;
        Assert.True(applied >= 2);
        Assert.Equal(ExitCodes.Ok, (await RunAsync(args)).ExitCode);
        Assert.Equal(applied, (long)(await db.CreateCommand("SELECT count(*) FROM schema_migrations").ExecuteScalarAsync())!);

        await db.CreateCommand("INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)").ExecuteNonQueryAsync();
        var refused = await RunAsync(args);
        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Contains("9999", refused.Stderr);
        Assert.Contains("newer than this release", refused.Stderr);
    }

    [Fact]
    public async Task Migrate_PostgresUnreachable_SaysSo()
    {
        var result = await RunAsync("migrate", "--Tollgate:Storage:Provider=postgres", "--Tollgate:Storage:ConnectionString=Host=127.0.0.1;Port=1;Username=x;Timeout=2",
            $"--Tollgate:DataDirectory={Path.Combine(Path.GetTempPath(), "tollgate-migrate-" + Guid.NewGuid().ToString("N"))}");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("tollgate: ", result.Stderr);
    }
}
