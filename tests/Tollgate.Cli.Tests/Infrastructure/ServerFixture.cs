namespace Tollgate.Cli.Tests.Infrastructure;

/// <summary>
/// A real <c>tollgate serve</c> (the built tollgate.dll) on a free loopback port with a temporary
/// data directory, and a way to run the CLI in-process against it with its own configuration
/// directory and environment.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string RootSecret = "cli-tests-root-secret-0123456789abcdefghijklmnop";

    private readonly string _directory = Directory.CreateTempSubdirectory("tollgate-cli-").FullName;
    private ServiceProcess? _server;

    public string Endpoint { get; private set; } = "";

    public string ConfigDirectory => Path.Combine(_directory, "config");

    /// <summary>The server's data directory (its SQLite file is tollgate.db there).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    public static string TollgateDll => Path.Combine(AppContext.BaseDirectory, "tollgate.dll");

    public async Task InitializeAsync()
    {
        var port = ServiceProcess.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _server = ServiceProcess.Start("tollgate", "dotnet",
            [TollgateDll, "serve", "--urls", Endpoint, $"--Tollgate:DataDirectory={DataDirectory}", $"--Tollgate:Bootstrap:RootClientSecret={RootSecret}"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }, _directory);
        await _server.WaitForHttpAsync($"{Endpoint}/health/ready");
    }

    /// <summary>Runs the CLI as the root client (environment variables), with the fixture's config directory unless given another.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunAsync(null, null, args);

    public async Task<CliResult> RunAsync(IDictionary<string, string?>? environment, string? stdin, params string[] args)
    {
        var env = new Dictionary<string, string?>
        {
            ["TOLLGATE_ENDPOINT"] = Endpoint, ["TOLLGATE_CLIENT_ID"] = "tollgate-root", ["TOLLGATE_CLIENT_SECRET"] = RootSecret,
            ["TOLLGATE_CONFIG_DIR"] = ConfigDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) env[key] = value;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await TollgateCli.RunAsync(args, new CliContext
        {
            Stdout = stdout, Stderr = stderr, Stdin = new StringReader(stdin ?? ""), Environment = name => env.GetValueOrDefault(name),
        });
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public string NewDirectory() => Directory.CreateDirectory(Path.Combine(_directory, Guid.NewGuid().ToString("n"))).FullName;

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
