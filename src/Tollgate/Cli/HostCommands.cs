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

    private static Command Create(string name, string description, CliContext cli, bool gateway)
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
            return RunAsync(passed, gateway, cli, cancellation);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] args, bool gateway, CliContext cli, CancellationToken cancellation)
    {
        try
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            // Per-request framework logs would cost more than issuing a token; configuration can lower this.
            builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
            {
                InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
            });
            builder.WebHost.UseKestrelHttpsConfiguration();
            if (gateway)
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
    }
}
