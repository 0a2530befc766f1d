namespace Tollgate.Aws;

/// <summary>Process exit codes of <c>bootstrap</c> (documented in docs/aws.md).</summary>
public static class ExitCodes
{
    /// <summary>Lambda mode: stopped on request. <c>invoke</c>: the function returned a response (Allow, Deny or a simple response).</summary>
    public const int Ok = 0;
    /// <summary><c>invoke</c>: the function failed with "Unauthorized" (API Gateway answers 401).</summary>
    public const int Unauthorized = 1;
    /// <summary><c>invoke</c>: the function failed with another error (API Gateway answers 500).</summary>
    public const int InvocationError = 2;
    /// <summary>Bad command line, or Lambda mode without <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public const int Usage = 64;
    /// <summary>An input file (event or decision) is missing or unreadable.</summary>
    public const int InputMissing = 66;
    /// <summary>The Runtime API failed; Lambda starts a new execution environment.</summary>
    public const int RuntimeFailure = 70;
    /// <summary>Invalid configuration, or the engine could not start (Lambda mode posts an init error first).</summary>
    public const int Configuration = 78;
}
