using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Tollgate.Revocation.Bench;

/// <summary>
/// Puts <c>count</c> live token entries (random 32-hex jtis, an hour to live) straight into the
/// server's <c>revocations</c> table while the server is stopped; it loads them when it starts.
/// One in 1,000 entries is a client entry instead, so the list has every shape it has in life.
/// </summary>
public static class Seed
{
    public static void Revocations(string databasePath, int count)
    {
        if (count == 0) return;
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        using var db = new SqliteConnection($"Data Source={databasePath}");
        db.Open();
        using var transaction = db.BeginTransaction();
        using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO revocations (kind, jti, client_id, audience, issued_until, scopes, expires_at, created_at) VALUES ($kind, $jti, $client, NULL, $until, NULL, $expires, $created)";
        var kind = insert.Parameters.Add("$kind", SqliteType.Text);
        var jti = insert.Parameters.Add("$jti", SqliteType.Text);
        var client = insert.Parameters.Add("$client", SqliteType.Text);
        var until = insert.Parameters.Add("$until", SqliteType.Integer);
        insert.Parameters.AddWithValue("$expires", now.AddHours(1).ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$created", now.ToUnixTimeMilliseconds());
        insert.Prepare();
        for (var i = 0; i < count; i++)
        {
            var isClient = i % 1000 == 999;
            kind.Value = isClient ? "client" : "token";
            jti.Value = isClient ? DBNull.Value : Guid.NewGuid().ToString("N");
            client.Value = isClient ? $"deleted-{i}" : "service";
            until.Value = isClient ? now.ToUnixTimeSeconds() : DBNull.Value;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        Console.Error.WriteLine($"seeded {count} revocations in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
