using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Gateway;

/// <summary>
/// The <c>Tollgate:Gateway</c> section for <c>tollgate gateway</c>: a decision service next to the
/// gateway, trusting a remote Tollgate server.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Tollgate:Gateway";

    /// <summary>The Tollgate server's issuer URL (keys by discovery, introspection, rules, revocations).</summary>
    public string? Server { get; set; }
    /// <summary>
    /// The <c>iss</c> of the server's tokens when the gateway reaches the server at another address
    /// (one node of a cluster, an internal name); unset means <see cref="Server"/> is the issuer.
    /// </summary>
    public string? Issuer { get; set; }
    /// <summary>The API (its identifier) whose requests this gateway decides.</summary>
    public string? Audience { get; set; }
    /// <summary>A client registered with <c>allow_introspection</c>: for introspection and the rules and revocation feeds.</summary>
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    /// <summary>How often rules and policies are polled (conditional requests: a 304 costs next to nothing).</summary>
    public TimeSpan RulesRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often the revocation feed is polled (a 304 when nothing is new).</summary>
    public TimeSpan RevocationRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
    public string Path { get; set; } = "/decisions";
    /// <summary>The header the gateway puts the caller's TLS client certificate in (see <c>Tollgate:Decisions:ClientCertificateHeader</c>); unset: none is believed.</summary>
    public string? ClientCertificateHeader { get; set; }

    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (!Uri.TryCreate(Server, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            errors.Add(ValidationError.Sentence("Tollgate:Gateway:Server", Invalid, "must be the Tollgate server's issuer URL (https://...)."));
        if (Issuer is not null && !Uri.TryCreate(Issuer, UriKind.Absolute, out _))
            errors.Add(ValidationError.Sentence("Tollgate:Gateway:Issuer", Invalid, "must be the exact iss of the server's tokens (an absolute URL), or unset when it is Server."));
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add(ValidationError.Sentence("Tollgate:Gateway:Audience", Required, "must name the API (its identifier)."));
        if (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret))
            errors.Add(ValidationError.Sentence("Tollgate:Gateway:ClientId", Required, "and ClientSecret must be a client with allow_introspection."));
        if (RulesRefreshInterval < TimeSpan.FromMilliseconds(100) || RulesRefreshInterval > TimeSpan.FromHours(1))
            errors.Add(ValidationError.Sentence("Tollgate:Gateway:RulesRefreshInterval", OutOfRange, "must be between 00:00:00.1 and 01:00:00."));
        return errors;
    }
}
