using Tollgate.Authorizer.Configuration;
using Tollgate.Server.Console;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Hosting;

/// <summary>The <c>Tollgate</c> configuration section (appsettings, <c>Tollgate__X__Y</c> variables, flags).</summary>
public sealed class TollgateOptions
{
    public const string Section = "Tollgate";

    /// <summary>The issuer URL clients see (behind a proxy: the public URL). Default: the first address the server listens on.</summary>
    public string? Issuer { get; set; }

    /// <summary>Where the SQLite file, the generated system secret and root credentials live.</summary>
    public string DataDirectory { get; set; } = "data";

    public StorageOptions Storage { get; set; } = new();

    public BootstrapOptions Bootstrap { get; set; } = new();

    public SecretsOptions Secrets { get; set; } = new();

    public KeysOptions Keys { get; set; } = new();

    public AuditOptions Audit { get; set; } = new();

    public DecisionsOptions Decisions { get; set; } = new();

    public DpopOptions Dpop { get; set; } = new();

    /// <summary>TLS client certificates (RFC 8705): client authentication and certificate-bound tokens.</summary>
    public MtlsOptions Mtls { get; set; } = new();

    /// <summary>The admin web console (docs/console.md).</summary>
    public ConsoleOptions Console { get; set; } = new();

    /// <summary>The reverse proxies whose <c>X-Forwarded-*</c> headers are believed (none by default).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>Where the browsable API reference (Swagger UI over <c>/openapi/v1.json</c>, served from the binary) lives; empty turns it off.</summary>
    public string ApiReferencePath { get; set; } = "/api-docs";

    /// <summary>Token quotas, token reuse and the client-authentication lockout (docs/operations.md, "Quotas and abuse protection").</summary>
    public QuotasOptions Quotas { get; set; } = new();

    /// <summary>Largest accepted body on the OAuth endpoints, in bytes.</summary>
    public int MaxFormBytes { get; set; } = 16 * 1024;

    /// <summary>Every problem with the options, so start-up can list them all at once.</summary>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (Issuer is not null && (!Uri.TryCreate(Issuer, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
            errors.Add(ValidationError.Sentence("Tollgate:Issuer", Invalid, "must be an absolute http(s) URL without query or fragment."));
        if (string.IsNullOrWhiteSpace(DataDirectory)) errors.Add(ValidationError.Sentence("Tollgate:DataDirectory", Required, "must not be empty."));
        errors.AddRange(Storage.Validate());
        if (string.IsNullOrWhiteSpace(Bootstrap.RootClientId)) errors.Add(ValidationError.Sentence("Tollgate:Bootstrap:RootClientId", Required, "must not be empty."));
        if (Bootstrap.RootClientSecret is { Length: < 16 }) errors.Add(ValidationError.Sentence("Tollgate:Bootstrap:RootClientSecret", OutOfRange, "must be at least 16 characters."));
        foreach (var secret in Secrets.System)
            if (secret.Length < 16) errors.Add(ValidationError.Sentence("Tollgate:Secrets:System", OutOfRange, "entries must be at least 16 characters each."));
        if (MaxFormBytes is < 1024 or > 1024 * 1024) errors.Add(ValidationError.Sentence("Tollgate:MaxFormBytes", OutOfRange, "must be between 1024 and 1048576."));
        if (Audit.Retention < TimeSpan.Zero) errors.Add(ValidationError.Sentence("Tollgate:Audit:Retention", OutOfRange, "must not be negative (00:00:00 keeps entries forever)."));
        if (Keys.RotationPeriod < TimeSpan.FromHours(1)) errors.Add(ValidationError.Sentence("Tollgate:Keys:RotationPeriod", OutOfRange, "must be at least 01:00:00."));
        foreach (var (alg, period) in Keys.Periods)
        {
            if (!Core.Apis.SigningAlgorithms.Supported.Contains(alg)) errors.Add(new ValidationError($"Tollgate:Keys:Periods:{alg}", Unknown, "unknown algorithm; use RS256, ES256 or PS256."));
            if (period < TimeSpan.FromHours(1)) errors.Add(ValidationError.Sentence($"Tollgate:Keys:Periods:{alg}", OutOfRange, "must be at least 01:00:00."));
        }
        errors.AddRange(Quotas.Validate());
        errors.AddRange(Dpop.Validate());
        errors.AddRange(Mtls.Validate());
        errors.AddRange(Console.Validate());
        errors.AddRange(ForwardedHeaders.Validate());
        if (ApiReferencePath is { Length: > 0 } reference && (!reference.StartsWith('/') || reference.Length < 2 || reference.EndsWith('/') || reference.Contains("//", StringComparison.Ordinal)))
            errors.Add(ValidationError.Sentence("Tollgate:ApiReferencePath", Invalid, "must be a path like /api-docs (or empty to turn the reference page off)."));
        if (Keys.PrePublish < TimeSpan.FromMinutes(10)) errors.Add(ValidationError.Sentence("Tollgate:Keys:PrePublish", OutOfRange, "must be at least 00:10:00 (twice the JWKS cache lifetime)."));
        return errors;
    }
}

/// <summary>Where the stores live: the embedded SQLite file (default) or a PostgreSQL database shared by several nodes.</summary>
public sealed class StorageOptions
{
    public const string Sqlite = "sqlite", Postgres = "postgres";

    public string Provider { get; set; } = Sqlite;

    /// <summary>An Npgsql connection string (provider <c>postgres</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The database password, kept out of the connection string (and so off command lines): <c>Tollgate__Storage__Password</c>.</summary>
    public string? Password { get; set; }

    /// <summary>With several nodes: how long a node may go without reading the change feed before <c>/health/ready</c> says its catalog may be stale.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationError> Validate()
    {
        if (MaxStaleness < TimeSpan.FromSeconds(2)) yield return ValidationError.Sentence("Tollgate:Storage:MaxStaleness", OutOfRange, "must be at least 00:00:02 (nodes poll the change feed every second).");
        switch (Provider)
        {
            case Sqlite:
                if (!string.IsNullOrEmpty(ConnectionString)) yield return ValidationError.Sentence("Tollgate:Storage:ConnectionString", Conflict, "is for the postgres provider; SQLite lives in Tollgate:DataDirectory.");
                break;
            case Postgres when string.IsNullOrWhiteSpace(ConnectionString):
                yield return ValidationError.Sentence("Tollgate:Storage:ConnectionString", Required, "is required with Tollgate:Storage:Provider=postgres (e.g. Host=db;Database=tollgate;Username=tollgate).");
                break;
            case Postgres when Storage.Postgres.PostgresDatabase.CheckConnectionString(ConnectionString!) is { } problem:
                yield return ValidationError.Sentence("Tollgate:Storage:ConnectionString", Invalid, $"is not a valid Npgsql connection string: {problem}.");
                break;
            case Postgres:
                break;
            default:
                yield return ValidationError.Sentence("Tollgate:Storage:Provider", Unknown, $"'{Provider}' is unknown; use sqlite or postgres.");
                break;
        }
    }
}

public sealed class BootstrapOptions
{
    public string RootClientId { get; set; } = "tollgate-root";
    /// <summary>When absent, a secret is generated on first start and written to the data directory.</summary>
    public string? RootClientSecret { get; set; }
}

public sealed class SecretsOptions
{
    /// <summary>System secrets: the first encrypts signing keys at rest, the others still decrypt (rotation).
    /// When empty, one is generated into the data directory.</summary>
    public List<string> System { get; set; } = [];
}

public sealed class DecisionsOptions
{
    /// <summary>Where gateways ask for forward-auth decisions; empty turns the endpoint off.</summary>
    public string Path { get; set; } = "/decisions";
    /// <summary>The API a decision request is about when it names none (header X-Tollgate-Audience or ?audience=).</summary>
    public string? Audience { get; set; }
    /// <summary>Browser apps: the OAuth Proxy of the token-handler pattern (cookies in, a JWT out). See docs/token-handler.md.</summary>
    public Authorizer.TokenHandler.TokenHandlerOptions? TokenHandler { get; set; }
    /// <summary>
    /// The header in which the gateway passes the caller's TLS client certificate (nginx:
    /// <c>proxy_set_header X-Client-Cert $ssl_client_escaped_cert</c>), for certificate-bound tokens. Unset:
    /// no such header is believed. Set it only when the gateway always sets or clears that header.
    /// </summary>
    public string? ClientCertificateHeader { get; set; }
}

/// <summary>The audit trail of admin changes (docs/operations.md, "Audit trail").</summary>
public sealed class AuditOptions
{
    /// <summary>How long entries are kept before housekeeping purges them; zero keeps them forever.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);
}

public sealed class KeysOptions
{
    /// <summary>How long a key signs before its successor takes over.</summary>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(30);
    /// <summary>Per-algorithm overrides of <see cref="RotationPeriod"/> (keys RS256, ES256, PS256).</summary>
    public Dictionary<string, TimeSpan> Periods { get; set; } = [];
    /// <summary>How long a key is in the JWKS before it signs (≥ 2 × the JWKS cache lifetime of 5 minutes).</summary>
    public TimeSpan PrePublish { get; set; } = TimeSpan.FromHours(1);
}
