using System.Diagnostics.CodeAnalysis;

namespace Tollgate.Server.Hosting;

/// <summary>
/// Parts of <c>serve</c> that need reflection at run time and so are left out of the Native AOT
/// executable (docs/native.md): the console (Razor Pages) and the Swagger UI page (NSwag). The JIT build
/// has both. A native build sets the switches to false (src/Tollgate/Tollgate.csproj) and the compiler
/// removes the code behind them; the calls sit in methods that say so (<c>TollgateServer.AddConsole</c>, ...),
/// as the analyzers cannot see a switch guarding reflection.
/// </summary>
public static class ServerFeatures
{
    public const string ConsoleSwitch = "Tollgate.Server.Console.IsSupported";
    public const string ApiReferenceSwitch = "Tollgate.Server.ApiReference.IsSupported";

    [FeatureSwitchDefinition(ConsoleSwitch)]
    public static bool ConsoleSupported => !AppContext.TryGetSwitch(ConsoleSwitch, out var on) || on;

    [FeatureSwitchDefinition(ApiReferenceSwitch)]
    public static bool ApiReferenceSupported => !AppContext.TryGetSwitch(ApiReferenceSwitch, out var on) || on;
}
