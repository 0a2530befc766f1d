using System.Text.Json;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;

namespace Tollgate.Cli.Apply;

/// <summary>
/// Where new clients' secrets go: a <c>--secrets-out</c> file (JSON, client_id → secret, mode 0600,
/// merged into an existing one so a second run loses nothing), or a block of their own after the
/// summary. Never the configuration file.
/// </summary>
public static class SecretsOutput
{
    public static CliFailure? WriteFile(string path, IReadOnlyDictionary<string, string> secrets)
    {
        if (secrets.Count == 0) return null;
        var (existing, error) = PrivateFile.Read(path);
        if (error is not null) return new CliFailure(ExitCodes.Failure, $"--secrets-out {error} The new secrets are printed on stdout instead.");
        JsonObject all;
        try { all = existing is null ? [] : JsonNode.Parse(existing) as JsonObject ?? []; }
        catch (JsonException) { return new CliFailure(ExitCodes.Failure, $"--secrets-out {path} exists and is not a JSON object; not overwritten. The new secrets are printed on stdout instead."); }
        foreach (var (clientId, secret) in secrets.OrderBy(s => s.Key, StringComparer.Ordinal)) all[clientId] = secret;
        try
        {
            PrivateFile.Write(Path.GetFullPath(path), all.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CliFailure(ExitCodes.Failure, $"--secrets-out {path}: {e.Message} The new secrets are printed on stdout instead.");
        }
        return null;
    }

    public static void Print(TextWriter stdout, IReadOnlyDictionary<string, string> secrets)
    {
        if (secrets.Count == 0) return;
        stdout.WriteLine();
        stdout.WriteLine($"New client secrets, shown this once (not stored in the file; --secrets-out FILE writes them to a 0600 file instead):");
        foreach (var line in Lines(secrets)) stdout.WriteLine($"  {line}");
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, string> secrets)
        => new(secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value)));

    private static List<string> Lines(IReadOnlyDictionary<string, string> secrets)
    {
        var width = secrets.Keys.Max(k => k.Length);
        return secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key.PadRight(width)}  {s.Value}").ToList();
    }
}
