// One-row SQLite queries through three ways of getting a configured connection, side by side in one
// process, 4 concurrent callers: a hand-kept bag of open connections (what SqliteDatabase did before),
// Microsoft.Data.Sqlite's pool with the PRAGMAs re-run on every open, and its pool with each native
// connection configured once (what SqliteDatabase does now). Prints µs per query, per round.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 67108864;";
var queries = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
var path = Path.Combine(Path.GetTempPath(), $"tollgate-storage-bench-{Environment.ProcessId}.db");
var unpooled = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
var pooled = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

await using (var setup = new SqliteConnection(unpooled))
{
    await setup.OpenAsync();
    await Exec(setup, "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); INSERT INTO t VALUES (1, 'x');");
}

var bag = new ConcurrentBag<SqliteConnection>();
var configured = new ConditionalWeakTable<SQLitePCL.sqlite3, object>();
var cases = new (string Name, Func<Task<int>> Query)[]
{
    ("hand-kept bag", async () =>
    {
        if (!bag.TryTake(out var c)) { c = new SqliteConnection(unpooled); await c.OpenAsync(); await Exec(c, Pragmas); }
        var n = await Query(c);
        bag.Add(c);
        return n;
    }),
    ("pool, PRAGMAs per open", async () =>
    {
        await using var c = new SqliteConnection(pooled);
        await c.OpenAsync();
        await Exec(c, Pragmas);
        return await Query(c);
    }),
    ("pool, configured once", async () =>
    {
        await using var c = new SqliteConnection(pooled);
        await c.OpenAsync();
        if (!configured.TryGetValue(c.Handle!, out _)) { await Exec(c, Pragmas); configured.AddOrUpdate(c.Handle!, configured); }
        return await Query(c);
    }),
};

Console.WriteLine($"| round | {string.Join(" | ", cases.Select(c => c.Name + " (µs/query)"))} |");
Console.WriteLine($"|---|{string.Concat(cases.Select(_ => "---|"))}");
for (var round = 1; round <= rounds; round++)
{
    var cells = new List<string>();
    foreach (var (_, query) in cases)
    {
        for (var i = 0; i < 2_000; i++) await query();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ => { for (var i = 0; i < queries / 4; i++) await query(); }));
        cells.Add($"{clock.Elapsed.TotalMicroseconds / queries:F2}");
    }
    Console.WriteLine($"| {round} | {string.Join(" | ", cells)} |");
}
foreach (var c in bag) await c.DisposeAsync();
SqliteConnection.ClearAllPools();
foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);

static async Task Exec(SqliteConnection c, string sql)
{
    await using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    await cmd.ExecuteNonQueryAsync();
}

static async Task<int> Query(SqliteConnection c)
{
    await using var cmd = c.CreateCommand();
    cmd.CommandText = "SELECT v FROM t WHERE id = $id";
    cmd.Parameters.AddWithValue("$id", 1);
    await using var reader = await cmd.ExecuteReaderAsync();
    await reader.ReadAsync();
    return reader.GetString(0).Length;
}
