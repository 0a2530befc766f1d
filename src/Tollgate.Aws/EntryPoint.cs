using Tollgate.Aws.Configuration;
using Tollgate.Aws.Local;
using Tollgate.Aws.Runtime;

namespace Tollgate.Aws;

/// <summary>Routes the command line: no arguments is Lambda mode, <c>invoke</c> is local mode.</summary>
public static class EntryPoint
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, AwsSettingsParser.ReadProcessEnvironment(),
        AuthorizerFactory.Create, TimeProvider.System, CancellationToken.None);

    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?> environment,
        CreateAuthorizer createAuthorizer, TimeProvider time, CancellationToken stop)
    {
        switch (args.FirstOrDefault())
        {
            case null:
                return await LambdaBootstrap.RunAsync(environment, createAuthorizer, Console.Error, time, stop).ConfigureAwait(false);
            case "invoke":
                using (var stdin = Console.OpenStandardInput())
                using (var stdout = Console.OpenStandardOutput())
                {
                    return await InvokeCommand.RunAsync(args[1..], environment, stdin, stdout, Console.Error, createAuthorizer, time)
                        .ConfigureAwait(false);
                }
            case "--help" or "-h" or "help":
                await Console.Out.WriteLineAsync(InvokeOptions.Usage).ConfigureAwait(false);
                return ExitCodes.Ok;
            default:
                await Console.Error.WriteLineAsync($"Unknown command '{args[0]}'.{Environment.NewLine}{InvokeOptions.Usage}")
                    .ConfigureAwait(false);
                return ExitCodes.Usage;
        }
    }
}
