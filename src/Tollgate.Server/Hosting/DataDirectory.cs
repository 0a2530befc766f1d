using System.Text.Json;

namespace Tollgate.Server.Hosting;

/// <summary>Files Tollgate keeps next to its database, created readable by the owner only.</summary>
public sealed class DataDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string DatabasePath => System.IO.Path.Combine(Path, "tollgate.db");
    public string SystemSecretPath => System.IO.Path.Combine(Path, "system-secret");
    public string RootCredentialsPath => System.IO.Path.Combine(Path, "root-client.json");

    public void Ensure()
    {
        if (!Directory.Exists(Path))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(Path);
            else Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The generated system secret, created on first use.</summary>
    public string ReadOrCreateSystemSecret()
    {
        if (File.Exists(SystemSecretPath)) return File.ReadAllText(SystemSecretPath).Trim();
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        WriteOwnerOnly(SystemSecretPath, secret);
        return secret;
    }

    public void WriteRootCredentials(string clientId, string clientSecret)
        => WriteOwnerOnly(RootCredentialsPath, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["client_secret"] = clientSecret,
        }, ServerJson.Default.DictionaryStringString) + "\n");

    private static void WriteOwnerOnly(string file, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(file, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
