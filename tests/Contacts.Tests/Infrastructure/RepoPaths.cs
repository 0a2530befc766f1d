namespace Contacts.Tests.Infrastructure;

/// <summary>Where the repository is, found from the test binary by looking for Tollgate.slnx.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string NginxDeploy => Path.Combine(Root, "deploy", "nginx");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Tollgate.slnx not found above {AppContext.BaseDirectory}.");
    }
}
