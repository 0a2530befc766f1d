using Contacts.Contacts;
using Microsoft.Data.Sqlite;

namespace Contacts.Storage;

/// <summary>
/// Contacts in one SQLite file (WAL journal). Each call opens a pooled connection; every write
/// is a single statement, so it is written whole or not at all.
/// </summary>
public sealed class ContactStore
{
    private const string Columns = "id, name, email, phone, created_by, created_at, updated_at";
    private readonly string _connectionString;

    public ContactStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 10,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>Creates the file and the table when missing and switches the file to WAL.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS contacts (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                name       TEXT    NOT NULL,
                email      TEXT    NULL,
                phone      TEXT    NULL,
                created_by TEXT    NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL
            );
            """;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Contacts with an id above <paramref name="afterId"/>, in id order, at most <paramref name="limit"/>.</summary>
    public async Task<ContactPage> ListAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM contacts WHERE id > $after ORDER BY id LIMIT $take",
            cmd => { cmd.Parameters.AddWithValue("$after", afterId); cmd.Parameters.AddWithValue("$take", limit + 1); },
            cancellationToken);
        var hasMore = rows.Count > limit;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        return new ContactPage(rows, hasMore ? ContactCursor.Encode(rows[^1].Id) : null);
    }

    public async Task<Contact?> FindAsync(long id, CancellationToken cancellationToken)
        => (await QueryAsync($"SELECT {Columns} FROM contacts WHERE id = $id",
            cmd => cmd.Parameters.AddWithValue("$id", id), cancellationToken)).SingleOrDefault();

    public async Task<Contact> CreateAsync(ContactDraft draft, string createdBy, DateTimeOffset now, CancellationToken cancellationToken)
        => (await QueryAsync($"""
            INSERT INTO contacts (name, email, phone, created_by, created_at, updated_at)
            VALUES ($name, $email, $phone, $by, $now, $now) RETURNING {Columns}
            """,
            cmd => { Bind(cmd, draft, now); cmd.Parameters.AddWithValue("$by", createdBy); }, cancellationToken)).Single();

    /// <summary>Replaces name, email and phone; null when there is no such contact.</summary>
    public async Task<Contact?> ReplaceAsync(long id, ContactDraft draft, DateTimeOffset now, CancellationToken cancellationToken)
        => (await QueryAsync($"""
            UPDATE contacts SET name = $name, email = $email, phone = $phone, updated_at = $now
            WHERE id = $id RETURNING {Columns}
            """,
            cmd => { Bind(cmd, draft, now); cmd.Parameters.AddWithValue("$id", id); }, cancellationToken)).SingleOrDefault();

    /// <summary>True when a contact was deleted.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "DELETE FROM contacts WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        return await cmd.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static void Bind(SqliteCommand cmd, ContactDraft draft, DateTimeOffset now)
    {
        cmd.Parameters.AddWithValue("$name", draft.Name);
        cmd.Parameters.AddWithValue("$email", (object?)draft.Email ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$phone", (object?)draft.Phone ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
    }

    private async Task<List<Contact>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        bind(cmd);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var rows = new List<Contact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new Contact(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }
        return rows;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
