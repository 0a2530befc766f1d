using Tollgate.Authorizer.Configuration;
using Tollgate.Aws.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Aws.Secrets;

/// <summary>
/// Replaces references in the secret settings (the introspection and revocation client secrets, the cookie
/// encryption key) by the values they point to, once at start-up, so that the function's configuration holds no
/// secret. Other settings are never resolved. A reference that cannot be read is a configuration error naming the
/// variable and the reference, never a value. No reference, no HTTP: a plain configuration costs nothing here.
/// </summary>
public static class SecretReferences
{
    /// <summary>The variables that may hold a reference.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        EnvironmentNames.IntrospectionClientSecret.Name, EnvironmentNames.IntrospectionClientSecret.CompatibleName,
        EnvironmentNames.RevocationClientSecret,
        EnvironmentNames.EncryptionKey.Name, EnvironmentNames.EncryptionKey.CompatibleName,
    ];

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    /// <summary>Our name for a variable that may hold a reference (the compatible name's alias is ours).</summary>
    private static string OurName(string name) =>
        name == EnvironmentNames.IntrospectionClientSecret.CompatibleName ? EnvironmentNames.IntrospectionClientSecret.Name
        : name == EnvironmentNames.EncryptionKey.CompatibleName ? EnvironmentNames.EncryptionKey.Name
        : name;

    /// <summary>The environment with every reference resolved, or the errors; the same dictionary when there is nothing to resolve.</summary>
    public static async Task<(IReadOnlyDictionary<string, string?> Environment, IReadOnlyList<ValidationError> Errors)> ResolveAsync(
        IReadOnlyDictionary<string, string?> environment, TimeProvider time, CancellationToken cancellationToken)
    {
        var found = new List<(string Name, SecretReference Reference)>();
        var errors = new List<ValidationError>();
        void Add(string name, string code, string message) => errors.Add(new(OurName(name), code, message));
        foreach (var name in Names)
        {
            if (!environment.TryGetValue(name, out var raw) || string.IsNullOrWhiteSpace(raw)) continue;
            var (reference, error) = SecretReference.Parse(raw.Trim());
            if (error is not null) Add(name, Invalid, $"{name}: {error}.");
            else if (reference is not null) found.Add((name, reference));
        }
        if (found.Count == 0) return (environment, errors);

        var credentials = Credentials(environment);
        var region = Value(environment, "AWS_REGION") ?? Value(environment, "AWS_DEFAULT_REGION");
        if (credentials is null) Add(found[0].Name, Conflict, $"{found[0].Name} is a reference to {found[0].Reference}, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role).");
        foreach (var (name, reference) in found)
            if (reference.Region is null && region is null) Add(name, Conflict, $"{name}: {reference} needs AWS_REGION (Lambda sets it) or a full ARN.");
        if (errors.Count > 0) return (environment, errors);

        using var http = new HttpClient { Timeout = Timeout };
        var client = new AwsSecretsClient(http, credentials!, region ?? "", environment, time);
        var resolved = new Dictionary<string, string?>(environment, StringComparer.Ordinal);
        var results = await Task.WhenAll(found.Select(f => client.GetAsync(f.Reference, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < found.Count; i++)
        {
            var (name, reference) = found[i];
            var (value, error) = results[i];
            if (error is not null) Add(name, NotFound, $"{name}: could not read {reference}: {error}.");
            else if (string.IsNullOrWhiteSpace(value)) Add(name, Required, $"{name}: {reference} is empty.");
            else resolved[name] = value;
        }
        return (resolved, errors);
    }

    /// <summary>
    /// The settings with references resolved. When a reference fails, its error stands for the variable: what the
    /// parser would say about that variable's unresolved text (say, a reference that is not a 64-hex-digit key) is left out.
    /// </summary>
    public static async Task<SettingsResult> ParseAsync(IReadOnlyDictionary<string, string?> environment, SettingsScope scope,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var (resolved, errors) = await ResolveAsync(environment, time, cancellationToken).ConfigureAwait(false);
        var result = AwsSettingsParser.Parse(resolved, scope);
        if (errors.Count == 0) return result;
        var unresolved = Names.Where(n => resolved.TryGetValue(n, out var v) && !string.IsNullOrWhiteSpace(v)
            && SecretReference.Parse(v.Trim()) is var (reference, error) && (reference is not null || error is not null)).Select(OurName).ToHashSet(StringComparer.Ordinal);
        return new SettingsResult(null, [.. errors, .. result.Problems.Where(p => !unresolved.Contains(p.Path))]);
    }

    private static AwsCredentials? Credentials(IReadOnlyDictionary<string, string?> environment) =>
        Value(environment, "AWS_ACCESS_KEY_ID") is { } id && Value(environment, "AWS_SECRET_ACCESS_KEY") is { } secret
            ? new AwsCredentials(id, secret, Value(environment, "AWS_SESSION_TOKEN"))
            : null;

    private static string? Value(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
