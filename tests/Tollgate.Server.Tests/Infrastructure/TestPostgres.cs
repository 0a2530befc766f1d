using System.Diagnostics;
using Npgsql;

namespace Tollgate.Server.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL server the tests use: the one <c>scripts/test.sh</c> started (its
/// connection string in <c>TOLLGATE_TEST_POSTGRES</c>), or else one this process starts with
/// <c>scripts/postgres.sh</c> and stops by pid when it exits. Each caller gets its own database.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "tg_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(Server.Value))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name, Pooling = true }.ToString();
    }

    /// <summary>A PostgreSQL server of the caller's own, to stop and start again (outage tests).</summary>
    public static OwnServer StartOwn()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tollgate-pg-own-" + Guid.NewGuid().ToString("N")[..8]);
        return new OwnServer(dir, Run(Script(), "start", dir).Trim().Split('\n')[^1]);
    }

    public sealed class OwnServer(string dir, string connectionString) : IAsyncDisposable
    {
        public string ConnectionString { get; } = connectionString;
        public void Stop() => Run(Script(), "stop", dir);
        public void Resume() => Run(Script(), "resume", dir);

        public ValueTask DisposeAsync()
        {
            Stop();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            return ValueTask.CompletedTask;
        }
    }

    private static string Script() => Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");

    private static string StartOrFind()
    {
        if (Environment.GetEnvironmentVariable("TOLLGATE_TEST_POSTGRES") is { Length: > 0 } given) return given;

        var script = Script();
        var dir = Path.Combine(Path.GetTempPath(), "tollgate-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var output = Run(script, "start", dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(script, "stop", dir);
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return output.Trim().Split('\n')[^1];
    }

    private static string Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/postgres.sh {string.Join(' ', args)} failed: {stderr.Result}");
        return stdout.Result;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Tollgate.slnx not found above " + AppContext.BaseDirectory);
    }
}
