using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests.Connection;

/// <summary>Where the CLI gets its server and credentials: flags, environment, the login profile; and its token cache.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConnectionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly Dictionary<string, string?> NoCredentials = new() { ["TOLLGATE_ENDPOINT"] = null, ["TOLLGATE_CLIENT_ID"] = null, ["TOLLGATE_CLIENT_SECRET"] = null };

    private Dictionary<string, string?> Isolated(string configDirectory) => new(NoCredentials) { ["TOLLGATE_CONFIG_DIR"] = configDirectory };

    [Fact]
    public async Task Login_SecretOnStdin_WritesAPrivateProfileThatLaterCommandsUse()
    {
        var config = server.NewDirectory();
        var login = await server.RunAsync(Isolated(config), ServerFixture.RootSecret + "\n",
            "login", "--endpoint", server.Endpoint, "--client-id", "tollgate-root", "--client-secret-stdin");

        Assert.True(login.ExitCode == 0, login.ToString());
        var profile = Path.Combine(config, "profile.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(profile));
        var list = await server.RunAsync(Isolated(config), null, "apis", "list", "--format", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(list.Json.AsArray(), api => api!["identifier"]!.GetValue<string>() == "tollgate:admin");
    }

    [Fact]
    public async Task Login_WrongSecret_ExitsAuthFailedAndWritesNoProfile()
    {
        var config = server.NewDirectory();
        var login = await server.RunAsync(Isolated(config), "not-the-secret\n",
            "login", "--endpoint", server.Endpoint, "--client-id", "tollgate-root", "--client-secret-stdin");

        Assert.Equal(ExitCodes.AuthFailed, login.ExitCode);
        Assert.Contains("401", login.Stderr);
        Assert.False(File.Exists(Path.Combine(config, "profile.json")));
    }

    [Fact]
    public async Task Profile_ReadableByOthers_IsRefusedNamingTheFix()
    {
        var config = server.NewDirectory();
        var login = await server.RunAsync(Isolated(config), ServerFixture.RootSecret + "\n",
            "login", "--endpoint", server.Endpoint, "--client-secret-stdin");
        Assert.Equal(0, login.ExitCode);
        var profile = Path.Combine(config, "profile.json");
        File.SetUnixFileMode(profile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var list = await server.RunAsync(Isolated(config), null, "apis", "list");

        Assert.Equal(ExitCodes.Usage, list.ExitCode);
        Assert.Contains("readable by others", list.Stderr);
        Assert.Contains("chmod 600", list.Stderr);
        Assert.Empty(list.Stdout);
    }

    [Fact]
    public async Task NoEndpoint_ExitsUsageNamingTheWaysToGiveOne()
    {
        var result = await server.RunAsync(Isolated(server.NewDirectory()), null, "clients", "list");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--endpoint", result.Stderr);
        Assert.Contains("TOLLGATE_ENDPOINT", result.Stderr);
    }

    [Fact]
    public async Task FlagsWinOverEnvironment_WrongSecretFlag_ExitsAuthFailed()
    {
        var result = await server.RunAsync(new Dictionary<string, string?> { ["TOLLGATE_CONFIG_DIR"] = server.NewDirectory() }, null,
            "apis", "list", "--client-secret", "wrong");

        Assert.Equal(ExitCodes.AuthFailed, result.ExitCode);
        Assert.Contains("tollgate-root", result.Stderr);
    }

    [Fact]
    public async Task ServerNotListening_ExitsUnreachable()
    {
        var closed = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        var result = await server.RunAsync(new Dictionary<string, string?> { ["TOLLGATE_ENDPOINT"] = closed, ["TOLLGATE_CONFIG_DIR"] = server.NewDirectory() }, null,
            "apis", "list");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains(closed, result.Stderr);
    }

    [Fact]
    public async Task AdminToken_IsCachedPrivately_AndAStaleOneIsReplaced()
    {
        var config = server.NewDirectory();
        var env = new Dictionary<string, string?> { ["TOLLGATE_CONFIG_DIR"] = config };
        Assert.Equal(0, (await server.RunAsync(env, null, "apis", "list")).ExitCode);
        var cached = Assert.Single(Directory.GetFiles(Path.Combine(config, "tokens")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cached));
        var first = File.ReadAllText(cached);
        Assert.Equal(0, (await server.RunAsync(env, null, "keys", "list")).ExitCode);
        Assert.Equal(first, File.ReadAllText(cached)); // reused, not refetched

        // A token the server does not take (as after a restart with new keys): dropped, refetched, the command works.
        File.WriteAllText(cached, $$"""{"access_token":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln","expires_at":"{{DateTimeOffset.UtcNow.AddHours(1):O}}"}""");
        var list = await server.RunAsync(env, null, "apis", "list");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.NotEqual(first, File.ReadAllText(cached));
        Assert.DoesNotContain("c2ln", File.ReadAllText(cached));
    }
}
