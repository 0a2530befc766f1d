using System.Collections;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Jwt;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Aws.Configuration;

/// <summary>
/// Builds <see cref="AwsAuthorizerSettings"/> from environment variables and validates them,
/// listing every error with the variable's name and what was expected.
/// </summary>
public static class AwsSettingsParser
{
    public static readonly IReadOnlyList<string> DefaultAlgorithms = ["RS256"];
    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);
    public const int MaxClockSkewSeconds = 300;
    public static readonly TimeSpan DefaultRevocationInterval = RevocationFeedOptions.DefaultInterval;
    public static readonly TimeSpan DefaultRevocationFailClosedAfter = RevocationFeedOptions.DefaultFailClosedAfter;
    public const int MaxRevocationIntervalSeconds = 600;
    public const int MaxRevocationFailClosedSeconds = 86_400;
    public const string DefaultMetricsNamespace = "Tollgate";
    public const int MaxMetricsNamespaceLength = 255;

    public static SettingsResult FromProcessEnvironment(SettingsScope scope = SettingsScope.Full) =>
        Parse(ReadProcessEnvironment(), scope);

    public static IReadOnlyDictionary<string, string?> ReadProcessEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string;
        }
        return result;
    }

    public static SettingsResult Parse(IReadOnlyDictionary<string, string?> environment, SettingsScope scope = SettingsScope.Full)
    {
        var env = new EnvironmentReader(environment);
        var settings = new AwsAuthorizerSettings
        {
            HttpApiResponse = env.Choice(EnvironmentNames.HttpApiResponse, HttpApiResponseMode.Simple, HttpApiResponseMode.Iam)
                ?? HttpApiResponseMode.Simple,
            UsageIdentifierClaim = env.String(EnvironmentNames.UsageIdentifierClaim),
            LogLevel = env.Choice(EnvironmentNames.LogLevel, LogLevel.Trace, LogLevel.Debug, LogLevel.Information,
                LogLevel.Warning, LogLevel.Error, LogLevel.Critical, LogLevel.None) ?? LogLevel.Information,
            Metrics = env.Choice(EnvironmentNames.Metrics, MetricsMode.Emf, MetricsMode.Off) ?? MetricsMode.Emf,
            MetricsNamespace = ReadMetricsNamespace(env),
            FunctionName = env.String(EnvironmentNames.FunctionName),
        };
        if (scope == SettingsScope.Full)
        {
            settings = ReadEngineSettings(env, settings);
        }
        return env.Errors.Count == 0 ? new SettingsResult(settings, []) : new SettingsResult(null, env.Errors);
    }

    private static AwsAuthorizerSettings ReadEngineSettings(EnvironmentReader env, AwsAuthorizerSettings adapter)
    {
        var settings = adapter with
        {
            Issuer = env.String(EnvironmentNames.Issuer),
            JwksUri = env.Url(EnvironmentNames.JwksUri),
            Audiences = env.List(env.String(EnvironmentNames.Audience)),
            Algorithms = ReadAlgorithms(env),
            ClockSkew = env.Integer(EnvironmentNames.ClockSkewSeconds, 0, MaxClockSkewSeconds) is { } skew
                ? TimeSpan.FromSeconds(skew) : DefaultClockSkew,
            RulesFile = ReadFile(env, EnvironmentNames.RulesFile),
            PoliciesFile = ReadFile(env, EnvironmentNames.PoliciesFile),
            PoliciesUrl = env.Url(EnvironmentNames.PoliciesUrl),
            IntrospectionUrl = env.Url(EnvironmentNames.IntrospectionUrl),
            IntrospectionClientId = env.String(EnvironmentNames.IntrospectionClientId),
            IntrospectionClientSecret = env.String(EnvironmentNames.IntrospectionClientSecret) is { } secret ? new SecretString(secret) : null,
            UsePhantomToken = env.Boolean(EnvironmentNames.UsePhantomToken) ?? false,
            TrustedWebOrigins = ReadOrigins(env),
            CookieNamePrefix = env.String(EnvironmentNames.CookieNamePrefix),
            EncryptionKey = ReadEncryptionKey(env),
            AllowBearer = env.Boolean(EnvironmentNames.AllowBearer) ?? false,
        };
        settings = ReadRevocationFeed(env, settings);
        CheckPolicies(env, settings);
        CheckCombinations(env, settings);
        return settings;
    }

    /// <summary>The feed's URL, client (default: the introspection client, which the server lets read the feed too), interval and fail-closed age.</summary>
    private static AwsAuthorizerSettings ReadRevocationFeed(EnvironmentReader env, AwsAuthorizerSettings s)
    {
        var url = env.Url(EnvironmentNames.RevocationFeedUrl);
        var clientId = env.String(EnvironmentNames.RevocationClientId);
        var secret = env.String(EnvironmentNames.RevocationClientSecret);
        var intervalSeconds = env.Integer(EnvironmentNames.RevocationIntervalSeconds, 1, MaxRevocationIntervalSeconds);
        var failClosedSeconds = env.Integer(EnvironmentNames.RevocationFailClosedSeconds, 0, MaxRevocationFailClosedSeconds);
        if (env.String(EnvironmentNames.RevocationFeedUrl) is null)
        {
            string[] dependent = [EnvironmentNames.RevocationClientId, EnvironmentNames.RevocationClientSecret,
                EnvironmentNames.RevocationIntervalSeconds, EnvironmentNames.RevocationFailClosedSeconds];
            var set = dependent.Where(name => env.String(name) is not null).ToList();
            if (set.Count > 0)
            {
                env.Add(set[0], Conflict, $"{string.Join(", ", set)} set but {EnvironmentNames.RevocationFeedUrl} is not: set the feed's URL "
                    + "(e.g. https://auth.example.com/revocations) or unset them.");
            }
            return s;
        }
        if ((clientId is null) != (secret is null))
        {
            env.Add(clientId is null ? EnvironmentNames.RevocationClientId : EnvironmentNames.RevocationClientSecret, Required, $"{EnvironmentNames.RevocationClientId} and {EnvironmentNames.RevocationClientSecret} go together: set both, "
                + "or neither to use the introspection client.");
        }
        else if (clientId is null && (s.IntrospectionClientId is null || s.IntrospectionClientSecret is null))
        {
            env.Add(EnvironmentNames.RevocationFeedUrl, Conflict, $"{EnvironmentNames.RevocationFeedUrl} needs a client allowed to introspect (allow_introspection): set "
                + $"{EnvironmentNames.RevocationClientId} and {EnvironmentNames.RevocationClientSecret}, or the introspection client "
                + $"({EnvironmentNames.IntrospectionClientId}), which is used when they are unset.");
        }
        var interval = intervalSeconds is { } i ? TimeSpan.FromSeconds(i) : DefaultRevocationInterval;
        var failClosed = failClosedSeconds is { } f ? TimeSpan.FromSeconds(f) : DefaultRevocationFailClosedAfter;
        if (failClosed > TimeSpan.Zero && failClosed < 2 * interval)
        {
            env.Add(EnvironmentNames.RevocationFailClosedSeconds, OutOfRange, $"{EnvironmentNames.RevocationFailClosedSeconds} must be 0 (never fail closed) or at least twice the interval "
                + $"({2 * interval.TotalSeconds} s), or one slow pull refuses every request; got {failClosed.TotalSeconds}.");
        }
        return s with
        {
            RevocationFeedUrl = url,
            RevocationClientId = clientId ?? s.IntrospectionClientId,
            RevocationClientSecret = secret is not null ? new SecretString(secret) : s.IntrospectionClientSecret,
            RevocationInterval = interval,
            RevocationFailClosedAfter = failClosed,
        };
    }

    /// <summary>One source of policies; the feed needs a client (the revocation feed's, or the introspection client).</summary>
    private static void CheckPolicies(EnvironmentReader env, AwsAuthorizerSettings s)
    {
        if (s.PoliciesUrl is null) return;
        if (s.PoliciesFile is not null)
            env.Add(EnvironmentNames.PoliciesUrl, Conflict, $"{EnvironmentNames.PoliciesFile} and {EnvironmentNames.PoliciesUrl} are both set: use the file or the server's feed.");
        if ((s.RevocationClientId ?? s.IntrospectionClientId) is null || (s.RevocationClientSecret ?? s.IntrospectionClientSecret) is null)
            env.Add(EnvironmentNames.PoliciesUrl, Conflict, $"{EnvironmentNames.PoliciesUrl} needs a client allowed to introspect: set {EnvironmentNames.RevocationClientId} and "
                + $"{EnvironmentNames.RevocationClientSecret}, or the introspection client ({EnvironmentNames.IntrospectionClientId}).");
    }

    /// <summary>A CloudWatch namespace: ASCII letters, digits and <c>. _ - # : /</c>, not AWS's own <c>AWS/</c>.</summary>
    private static string ReadMetricsNamespace(EnvironmentReader env)
    {
        var raw = env.String(EnvironmentNames.MetricsNamespace);
        if (raw is null)
        {
            return DefaultMetricsNamespace;
        }
        if (raw.Length > MaxMetricsNamespaceLength || raw.StartsWith("AWS/", StringComparison.OrdinalIgnoreCase)
            || !raw.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '#' or ':' or '/'))
        {
            env.Add(EnvironmentNames.MetricsNamespace, Invalid, $"{EnvironmentNames.MetricsNamespace} must be a CloudWatch namespace: up to {MaxMetricsNamespaceLength} ASCII letters, "
                + $"digits and . _ - # : / (not starting with AWS/), e.g. Tollgate or MyCompany/Auth; got '{raw}'.");
        }
        return raw;
    }

    private static IReadOnlyList<string> ReadAlgorithms(EnvironmentReader env)
    {
        var algorithms = env.List(env.String(EnvironmentNames.Algorithms));
        if (algorithms.Count == 0)
        {
            return DefaultAlgorithms;
        }
        var unsupported = algorithms.Where(a => JwsAlgorithm.Find(a) is null).ToList();
        if (unsupported.Count > 0)
        {
            env.Add(EnvironmentNames.Algorithms, NotAllowed, $"{EnvironmentNames.Algorithms} lists {string.Join(", ", unsupported)}: only asymmetric algorithms "
                + $"are accepted ({string.Join(", ", JwsAlgorithm.All)}).");
        }
        return algorithms;
    }

    private static string? ReadFile(EnvironmentReader env, string name)
    {
        var raw = env.String(name);
        if (raw is null)
        {
            return null;
        }
        var fullPath = Path.GetFullPath(raw);
        if (!File.Exists(fullPath))
        {
            env.Add(name, NotFound, $"{name} names '{raw}', which does not exist (looked for {fullPath}).");
        }
        return fullPath;
    }

    private static IReadOnlyList<string> ReadOrigins(EnvironmentReader env)
    {
        var origins = env.List(env.String(EnvironmentNames.TrustedWebOrigins));
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                env.Add(EnvironmentNames.TrustedWebOrigins.Name, Invalid, $"{EnvironmentNames.TrustedWebOrigins} must list origins like https://app.example.com "
                    + $"(scheme, host and optional port, no path); got '{origin}'.");
            }
        }
        return origins;
    }

    private static SecretString? ReadEncryptionKey(EnvironmentReader env)
    {
        var raw = env.String(EnvironmentNames.EncryptionKey);
        if (raw is null)
        {
            return null;
        }
        if (raw.Length != 64 || !raw.All(Uri.IsHexDigit))
        {
            // Never echo the value: it is a secret.
            env.Add(EnvironmentNames.EncryptionKey.Name, Invalid, $"{EnvironmentNames.EncryptionKey} must be 64 hexadecimal characters (a 32-byte key); "
                + $"got {raw.Length} characters.");
        }
        return new SecretString(raw);
    }

    private static void CheckCombinations(EnvironmentReader env, AwsAuthorizerSettings s)
    {
        var jwksSet = env.IsSet(EnvironmentNames.JwksUri);
        var introspectionSet = env.IsSet(EnvironmentNames.IntrospectionUrl);
        if (!jwksSet && !introspectionSet)
        {
            env.Add("", Required, $"No token validation is configured: set {EnvironmentNames.JwksUri} to validate JWTs locally, "
                + $"or {EnvironmentNames.IntrospectionUrl} to introspect tokens.");
        }
        if (jwksSet && s.Issuer is null)
        {
            env.Add(EnvironmentNames.Issuer.Name, Required, $"{EnvironmentNames.Issuer} is required with {EnvironmentNames.JwksUri}: the expected 'iss' of tokens.");
        }
        if (jwksSet && s.Audiences.Count == 0)
        {
            env.Add(EnvironmentNames.Audience.Name, Required, $"{EnvironmentNames.Audience} is required with {EnvironmentNames.JwksUri}: the API identifier tokens "
                + "must carry in 'aud' (several may be separated by commas).");
        }
        if (introspectionSet && (s.IntrospectionClientId is null || s.IntrospectionClientSecret is null))
        {
            env.Add(s.IntrospectionClientId is null ? EnvironmentNames.IntrospectionClientId.Name : EnvironmentNames.IntrospectionClientSecret.Name, Required,
                $"{EnvironmentNames.IntrospectionClientId} and {EnvironmentNames.IntrospectionClientSecret} are "
                + $"required with {EnvironmentNames.IntrospectionUrl}: the introspection endpoint authenticates its callers.");
        }
        if (!introspectionSet && (s.IntrospectionClientId is not null || s.IntrospectionClientSecret is not null))
        {
            env.Add(EnvironmentNames.IntrospectionUrl.Name, Conflict, $"{EnvironmentNames.IntrospectionClientId} and {EnvironmentNames.IntrospectionClientSecret} are set "
                + $"but {EnvironmentNames.IntrospectionUrl} is not.");
        }
        if (s.UsePhantomToken && !introspectionSet)
        {
            env.Add(EnvironmentNames.UsePhantomToken.Name, Conflict, $"{EnvironmentNames.UsePhantomToken} needs {EnvironmentNames.IntrospectionUrl}: the JWT is obtained by introspection.");
        }
        var keySet = env.IsSet(EnvironmentNames.EncryptionKey);
        if ((s.TrustedWebOrigins.Count > 0 || keySet) && (s.TrustedWebOrigins.Count == 0 || !keySet))
        {
            env.Add(keySet ? EnvironmentNames.TrustedWebOrigins.Name : EnvironmentNames.EncryptionKey.Name, Required, $"Token-handler cookies need both {EnvironmentNames.TrustedWebOrigins} and {EnvironmentNames.EncryptionKey}.");
        }
    }
}
