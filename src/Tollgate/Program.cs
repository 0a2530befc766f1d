using Microsoft.Extensions.Options;
using Tollgate.Server.Gateway;
using Tollgate.Server.Hosting;

// tollgate serve [ASP.NET Core options: --urls, --Tollgate:DataDirectory=..., ...]
var verb = args.FirstOrDefault();
if (verb is null or "-h" or "--help" or "help")
{
    Console.WriteLine("""
        tollgate serve [--urls http://127.0.0.1:5000] [--Tollgate:DataDirectory ./data] [--Tollgate:Issuer https://auth.example]
        tollgate gateway --Tollgate:Gateway:Server https://auth.example --Tollgate:Gateway:Audience https://api.example
                         --Tollgate:Gateway:ClientId <id> --Tollgate:Gateway:ClientSecret <secret> [--urls http://127.0.0.1:5100]
        tollgate encrypt-cookie --key <64 hex characters> --value <text | - for stdin>

        Configuration follows ASP.NET Core: appsettings.json, environment variables (Tollgate__Section__Key),
        command-line flags. See README.md and docs/configuration.md.
        """);
    return verb is null ? 1 : 0;
}

if (verb == "encrypt-cookie") return Tollgate.Commands.EncryptCookieCommand.Run(args[1..], Console.In, Console.Out, Console.Error);

if (verb is not ("serve" or "gateway"))
{
    Console.Error.WriteLine($"tollgate: unknown command '{verb}'. Try 'tollgate --help'.");
    return 2;
}

try
{
    var builder = WebApplication.CreateSlimBuilder(args[1..]);
    // Per-request framework logs would cost more than issuing a token; configuration can lower this.
    builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
    {
        InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
    });
    builder.WebHost.UseKestrelHttpsConfiguration();
    if (verb == "gateway")
    {
        builder.AddTollgateGateway();
        var gateway = builder.Build();
        await gateway.WarmUpGatewayAsync();
        gateway.MapTollgateGateway();
        await gateway.RunAsync();
        return 0;
    }
    builder.AddTollgate();
    var app = builder.Build();
    await app.InitializeTollgateAsync();
    app.MapTollgate();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("tollgate: invalid configuration:");
    foreach (var failure in e.Failures) Console.Error.WriteLine($"  - {failure}");
    return 2;
}
