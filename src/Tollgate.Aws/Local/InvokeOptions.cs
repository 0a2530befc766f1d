namespace Tollgate.Aws.Local;

/// <summary>The arguments of <c>bootstrap invoke --event &lt;file|-&gt; [--decision &lt;file&gt;] [--emf]</c>.</summary>
public sealed record InvokeOptions(string EventPath, string? DecisionPath, bool Emf = false)
{
    public const string Usage = """
        Usage:
          bootstrap                                    run as a Lambda custom runtime (needs AWS_LAMBDA_RUNTIME_API)
          bootstrap invoke --event <file|-> [--decision <file>] [--emf]
                                                       run one invocation locally and print what Lambda would return
        Options:
          --event <file|->     the API Gateway authorizer event (JSON); '-' reads it from standard input
          --decision <file>    render this decision (JSON) instead of running the engine; only adapter
                               settings (TOLLGATE_HTTP_API_RESPONSE, TOLLGATE_LOG_LEVEL) are read
          --emf                also print the invocation's CloudWatch EMF metric line(s) on stderr, as Lambda
                               mode writes them on stdout (without it, invoke prints none)
        Exit codes: 0 response printed, 1 Unauthorized (401), 2 other function error (500),
                    64 usage, 66 input file missing, 78 invalid configuration.
        """;

    /// <summary>The options, or an error message naming the problem.</summary>
    public static (InvokeOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? eventPath = null, decisionPath = null;
        var emf = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--emf")
            {
                emf = true;
                continue;
            }
            if (name is not ("--event" or "--decision"))
            {
                return (null, $"Unknown argument '{name}'.");
            }
            if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                return (null, $"{name} needs a value.");
            }
            var value = args[++i];
            if (name == "--event")
            {
                eventPath = value;
            }
            else
            {
                decisionPath = value;
            }
        }
        return eventPath is null ? (null, "--event is required.") : (new InvokeOptions(eventPath, decisionPath, emf), null);
    }
}
