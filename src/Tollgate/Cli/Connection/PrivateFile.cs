namespace Tollgate.Cli.Connection;

/// <summary>
/// Files holding secrets (the profile, the token cache): written 0600 in a 0700 directory, and
/// refused when others could read them, as ssh refuses a readable private key.
/// </summary>
public static class PrivateFile
{
    private const UnixFileMode OthersAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static void Write(string path, string content)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Written beside and renamed, created 0600 from the start: never a moment when it is readable or half-written.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(content);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file's text; null when absent; an error when others may read it.</summary>
    public static (string? Content, string? Error) Read(string path)
    {
        if (!File.Exists(path)) return (null, null);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersAccess) != 0)
            return (null, $"{path} is readable by others; it holds a secret. Run 'chmod 600 {path}' (or 'tollgate login' again).");
        return (File.ReadAllText(path), null);
    }
}
