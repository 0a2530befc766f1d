using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Telemetry;

/// <summary><c>Tollgate:Metrics</c>: the Prometheus scrape endpoint <c>/metrics</c> (docs/operations.md, "Metrics").</summary>
public sealed class MetricsOptions
{
    public const string Section = "Tollgate:Metrics";

    /// <summary>
    /// On by default: free at the token endpoint, about 4 CPU-µs on a cached <c>/decisions</c> answer (docs/operations.md, "Cost").
    /// Off: no meter is listened to by OpenTelemetry, no <c>/metrics</c>.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Unset: <c>/metrics</c> on the main listener (<c>serve</c>: behind the admin token, like <c>/admin</c>;
    /// <c>gateway</c>: open, as the gateway has no admin API). Set: <c>/metrics</c> only on this port, open, on every interface.
    /// </summary>
    public int? Port { get; set; }

    public IEnumerable<ValidationError> Validate()
    {
        if (Port is < 1 or > 65535) yield return ValidationError.Sentence("Tollgate:Metrics:Port", OutOfRange, "must be between 1 and 65535.");
    }
}

/// <summary><c>Tollgate:Tracing</c>: spans exported by OTLP; off unless an endpoint is named.</summary>
public sealed class TracingOptions
{
    public const string Section = "Tollgate:Tracing";

    /// <summary>The OTLP collector, e.g. <c>http://collector:4317</c> (gRPC) or with <see cref="Protocol"/> <c>http</c> <c>http://collector:4318/v1/traces</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http</c> (OTLP over HTTP/protobuf).</summary>
    public string Protocol { get; set; } = "grpc";

    public IEnumerable<ValidationError> Validate()
    {
        if (OtlpEndpoint is { Length: > 0 } endpoint && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            yield return ValidationError.Sentence("Tollgate:Tracing:OtlpEndpoint", Invalid, "must be an absolute http(s) URL such as http://collector:4317.");
        if (Protocol is not ("grpc" or "http")) yield return ValidationError.Sentence("Tollgate:Tracing:Protocol", Invalid, "must be grpc or http.");
    }
}
