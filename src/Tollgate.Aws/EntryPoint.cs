using Tollgate.Aws.Configuration;
using Tollgate.Aws.Local;
using Tollgate.Aws.Runtime;

namespace Tollgate.Aws;

/// <summary>Routes the command line: no arguments is Lambda mode, <c>invoke</c> is local mode.</summary>
public static class EntryPoint
{
    public static int Run(string[] args) => Run(args, AwsSettingsParser.ReadProcessEnvironment(),
        AuthorizerFactory.Create, TimeProvider.System, CancellationToken.None);

    public static int Run(string[] args, IReadOnlyDictionary<string, string?> environment,
        CreateAuthorizer createAuthorizer, TimeProvider time, CancellationToken stop)
    {
        switch (args.Length == 0 ? null : args[0])
        {
            case null:
                using (var stdout = Console.OpenStandardOutput())
                {
                    return LambdaBootstrap.RunAsync(environment, createAuthorizer, Console.Error, stdout, time, stop).GetAwaiter().GetResult();
                }
            case "invoke":
                using (var stdin = Console.OpenStandardInput())
                using (var stdout = Console.OpenStandardOutput())
                {
                    return InvokeCommand.Run(args[1..], environment, stdin, stdout, Console.Error, createAuthorizer, time);
                }
            case "--help" or "-h" or "help":
                Console.Out.WriteLine(InvokeOptions.Usage);
                return ExitCodes.Ok;
            default:
                Console.Error.WriteLine($"Unknown command '{args[0]}'.{Environment.NewLine}{InvokeOptions.Usage}");
                return ExitCodes.Usage;
        }
    }
}
