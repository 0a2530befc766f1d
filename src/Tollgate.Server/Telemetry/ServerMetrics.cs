using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tollgate.Authorizer.Telemetry;
using Tollgate.Core.Apis;
using Tollgate.Core.OAuth;

namespace Tollgate.Server.Telemetry;

/// <summary>
/// The token service's instruments, on the meter <c>Tollgate.Server</c>: <c>tollgate.tokens.issued</c>
/// {api, format, auth_method}, <c>tollgate.token.errors</c> {error}, <c>tollgate.introspections</c>
/// {result}, <c>tollgate.token.duration</c> (seconds). Labels come from the catalog (API identifiers)
/// and protocol constants, never from a token or a client id. The gauges are in <see cref="ServerGauges"/>.
/// </summary>
public sealed class ServerMetrics
{
    public const string MeterName = "Tollgate.Server";

    private readonly Counter<long> _issued;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _introspections;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<(string Api, TokenFormat Format, ClientAuthMethod Method), KeyValuePair<string, object?>[]> _issuedTags = new();
    private readonly ConcurrentDictionary<string, KeyValuePair<string, object?>[]> _errorTags = new(StringComparer.Ordinal);
    private static readonly KeyValuePair<string, object?>[] Active = [new("result", "active")];
    private static readonly KeyValuePair<string, object?>[] Inactive = [new("result", "inactive")];

    public ServerMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _issued = Meter.CreateCounter<long>("tollgate.tokens.issued", "{token}", "Access tokens issued, by API, token format and client authentication method.");
        _errors = Meter.CreateCounter<long>("tollgate.token.errors", "{error}", "Token requests refused, by OAuth error code.");
        _introspections = Meter.CreateCounter<long>("tollgate.introspections", "{request}", "Introspection requests answered, by result.");
        _duration = Meter.CreateHistogram("tollgate.token.duration", "s", "Time to answer a token request, refusals included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.Seconds });
    }

    public Meter Meter { get; }

    /// <summary>A start timestamp when durations are recorded, else 0.</summary>
    public long StartTiming() => _duration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public void TokenIssued(string api, TokenFormat format, ClientAuthMethod method, long started)
    {
        if (_issued.Enabled)
            _issued.Add(1, _issuedTags.TryGetValue((api, format, method), out var tags) ? tags : _issuedTags.GetOrAdd((api, format, method), IssuedTags));
        Elapsed(started);
    }

    public void TokenRefused(string error, long started)
    {
        if (_errors.Enabled) _errors.Add(1, _errorTags.GetOrAdd(error, static e => [new("error", e)]));
        Elapsed(started);
    }

    public void Introspected(bool active) => _introspections.Add(1, active ? Active : Inactive);

    private void Elapsed(long started)
    {
        if (started != 0) _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static KeyValuePair<string, object?>[] IssuedTags((string Api, TokenFormat Format, ClientAuthMethod Method) key) =>
    [
        new("api", key.Api),
        new("format", key.Format == TokenFormat.Jwt ? "jwt" : "opaque"),
        new("auth_method", AuthMethodLabel(key.Method)),
    ];

    private static string AuthMethodLabel(ClientAuthMethod method) => method switch
    {
        ClientAuthMethod.ClientSecretBasic => "client_secret_basic",
        ClientAuthMethod.ClientSecretPost => "client_secret_post",
        ClientAuthMethod.PrivateKeyJwt => "private_key_jwt",
        ClientAuthMethod.TlsClientCertificate => "tls_client_auth",
        _ => "none",
    };
}
