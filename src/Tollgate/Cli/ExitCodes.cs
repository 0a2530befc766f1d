namespace Tollgate.Cli;

/// <summary>
/// The <c>tollgate</c> command's exit codes, one per failure class, so a script can tell "fix your
/// command" from "the server said no" from "the server is not there". docs/cli.md lists them.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The server or the operation failed for another reason (a 5xx, an unexpected answer, a host that stopped).</summary>
    public const int Failure = 1;

    /// <summary>The command line, a file or the configuration is wrong; nothing was sent or changed.</summary>
    public const int Usage = 2;

    /// <summary>Authentication or authorization failed: bad client credentials, or a token without the admin scope (401/403).</summary>
    public const int AuthFailed = 3;

    /// <summary>The named resource does not exist (404).</summary>
    public const int NotFound = 4;

    /// <summary>The change conflicts with the server's state: a duplicate, a scope still granted, the root client (409).</summary>
    public const int Conflict = 5;

    /// <summary>The server refused the request's content (400/415 with the fields named).</summary>
    public const int Invalid = 6;

    /// <summary>The server could not be reached (connection refused, DNS, timeout, TLS).</summary>
    public const int Unreachable = 7;

    /// <summary><c>decide</c>: the gateway would refuse the request; <c>introspect</c>/<c>decode</c>: the token is not valid.</summary>
    public const int Refused = 8;
}
