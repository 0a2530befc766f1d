namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>Where the repository and the built programs are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NginxDeploy => Path.Combine(Root, "deploy", "nginx");

    /// <summary>tollgate.dll as the project reference copied it here, or <c>TOLLGATE_DLL</c>.</summary>
    public static string TollgateDll => Built("TOLLGATE_DLL", "tollgate.dll");

    /// <summary>Contacts.dll (samples/Contacts) as the project reference copied it here, or <c>CONTACTS_DLL</c>.</summary>
    public static string ContactsDll => Built("CONTACTS_DLL", "Contacts.dll");

    private static string Built(string variable, string file)
    {
        var path = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{file} not found at {path}; build tests/Tollgate.EndToEnd.Tests or set {variable}.");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Tollgate.slnx not found above {AppContext.BaseDirectory}.");
    }
}
