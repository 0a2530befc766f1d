using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Console;

/// <summary>The <c>Tollgate:Console</c> section: the admin web console (docs/console.md).</summary>
public sealed class ConsoleOptions
{
    /// <summary>Off: nothing is mapped under <see cref="Path"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the console lives, e.g. <c>/console</c>.</summary>
    public string Path { get; set; } = "/console";

    /// <summary>Failed sign-ins from one address within <see cref="FailureWindow"/> before further attempts are refused until the window passes.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationError> Validate()
    {
        if (!Enabled) yield break;
        if (!Path.StartsWith('/') || Path.Length < 2 || Path.EndsWith('/') || Path.Contains("//", StringComparison.Ordinal) || Path.Any(char.IsWhiteSpace))
            yield return ValidationError.Sentence("Tollgate:Console:Path", Invalid, "must be a path like /console (set Tollgate:Console:Enabled=false to turn the console off).");
        if (MaxFailedSignIns < 1) yield return ValidationError.Sentence("Tollgate:Console:MaxFailedSignIns", OutOfRange, "must be at least 1.");
        if (FailureWindow < TimeSpan.FromSeconds(1)) yield return ValidationError.Sentence("Tollgate:Console:FailureWindow", OutOfRange, "must be at least 00:00:01.");
    }
}
