namespace Tollgate.Aws.Configuration;

/// <summary>Parsed settings, or every configuration error found (never half of them).</summary>
public sealed record SettingsResult(AwsAuthorizerSettings? Settings, IReadOnlyList<string> Errors)
{
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
