using Tollgate.Authorizer.Configuration;

namespace Tollgate.Aws.Configuration;

/// <summary>Parsed settings, or every configuration error found (never half of them).</summary>
/// <param name="Problems">Each problem's <see cref="ValidationError.Path"/> is the variable it is about (our name, <c>TOLLGATE_…</c>;
/// empty when it is about none in particular); its message names the variables itself, as Lambda users read it.</param>
public sealed record SettingsResult(AwsAuthorizerSettings? Settings, IReadOnlyList<ValidationError> Problems)
{
    /// <summary>The problems' messages, for the function's log and <c>invoke</c>.</summary>
    public IReadOnlyList<string> Errors => [.. Problems.Select(p => p.Message)];

    public bool IsValid => Settings is not null && Errors.Count == 0;
}

/// <summary>What the caller is about to build from the settings.</summary>
public enum SettingsScope
{
    /// <summary>The decision engine and the adapter (the Lambda runtime, <c>invoke</c>).</summary>
    Full,
    /// <summary>Only the adapter (<c>invoke --decision</c>, which renders a given decision).</summary>
    AdapterOnly,
}
