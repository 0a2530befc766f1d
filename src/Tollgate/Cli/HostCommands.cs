using System.CommandLine;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Tollgate.Server.Gateway;
using Tollgate.Server.Hosting;

namespace Tollgate.Cli;

/// <summary>
/// <c>tollgate serve</c> and <c>tollgate gateway</c>: the hosts. Every token after the verb goes to
/// ASP.NET Core's command-line configuration untouched (<c>--urls</c>, <c>--Tollgate:DataDirectory=…</c>),
/// so the parser only has to recognise the verb and <c>--help</c>.
/// </summary>
public static class HostCommands
{
    public static Command Serve(CliContext cli) => Create("serve",
        "Run the authorization server (OAuth endpoints, admin API, /decisions).\n\n" +
        "Every option after the verb is ASP.NET Core configuration: --urls, --Tollgate:DataDirectory, --Tollgate:Issuer, ...\n" +
        "(see docs/configuration.md).\n\nExample:\n  tollgate serve --urls http://127.0.0.1:5000 --Tollgate:DataDirectory=./data", cli, gateway: false);

    public static Command Gateway(CliContext cli) => Create("gateway",
        "Run a standalone forward-auth decision service for one API.\n\n" +
        "Every option after the verb is ASP.NET Core configuration (see docs/forward-auth.md).\n\nExample:\n" +
        "  tollgate gateway --Tollgate:Gateway:Server https://auth.example --Tollgate:Gateway:Audience https://api.example \\\n" +
        "    --Tollgate:Gateway:ClientId gw --Tollgate:Gateway:ClientSecret \"$SECRET\" --urls http://127.0.0.1:5100", cli, gateway: true);

    public static Command Migrate(CliContext cli) => Create("migrate",
        "Apply the database migrations this release knows, then exit (serve also applies them at start).\n" +
        "Nodes starting at once never both migrate (PostgreSQL: an advisory lock). A database newer than this release is refused.\n\n" +
        "Every option after the verb is ASP.NET Core configuration, as for serve.\n\nExample:\n" +
        "  Tollgate__Storage__Password=\"$PGPASSWORD\" tollgate migrate --Tollgate:Storage:Provider=postgres \\\n" +
        "    --Tollgate:Storage:ConnectionString=\"Host=db;Database=tollgate;Username=tollgate\"", cli, Host.Migrate);

    private enum Host { Serve, Gateway, Migrate }

    private static Command Create(string name, string description, CliContext cli, bool gateway)
        => Create(name, description, cli, gateway ? Host.Gateway : Host.Serve);

    private static Command Create(string name, string description, CliContext cli, Host host)
    {
        var configuration = new Argument<string[]>("configuration")
        {
            Description = "ASP.NET Core configuration flags, passed through as given.",
            Arity = ArgumentArity.ZeroOrMore,
            CaptureRemainingTokens = true,
        };
        var command = new Command(name, description) { configuration };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellation) =>
        {
            // Unmatched tokens are the flags before the first captured one (an unknown --flag that
            // the parser did not take as the argument's start); keep the user's order.
            var passed = parse.UnmatchedTokens.Concat(parse.GetValue(configuration) ?? []).ToArray();
            return RunAsync(passed, host, cli, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] args, Host host, CliContext cli, CancellationToken cancellation)
    {
        try
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            // Per-request framework logs would cost more than issuing a token; configuration can lower this.
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
            {
                InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
            });
            LogFormat.Apply(builder.Logging, builder.Configuration);
            builder.WebHost.UseKestrelHttpsConfiguration();
            if (host == Host.Gateway)
            {
                builder.AddTollgateGateway();
                var gatewayApp = builder.Build();
                await gatewayApp.WarmUpGatewayAsync();
                gatewayApp.MapTollgateGateway();
                await gatewayApp.RunAsync(cancellation);
                return ExitCodes.Ok;
            }
            builder.AddTollgate();
            var app = builder.Build();
            if (host == Host.Migrate)
            {
                var database = app.Services.GetRequiredService<Core.Storage.IStorageDatabase>();
                await database.MigrateAsync(cancellation);
                cli.Stdout.WriteLine($"tollgate: {database.Description} is at the schema this release knows.");
                return ExitCodes.Ok;
            }
            await app.InitializeTollgateAsync();
            app.MapTollgate();
            await app.RunAsync(cancellation);
            return ExitCodes.Ok;
        }
        catch (OptionsValidationException e)
        {
            cli.Stderr.WriteLine("tollgate: invalid configuration:");
            foreach (var failure in e.Failures) cli.Stderr.WriteLine($"  - {failure}");
            return ExitCodes.Usage;
        }
        catch (Core.Storage.SchemaTooNewException e)
        {
            cli.Stderr.WriteLine($"tollgate: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (System.Data.Common.DbException e)
        {
            cli.Stderr.WriteLine($"tollgate: cannot use the database: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            cli.Stderr.WriteLine($"tollgate: cannot reach the database: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }
}
