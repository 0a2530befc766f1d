using Microsoft.AspNetCore.Authentication;
using Tollgate.Authorizer.Configuration;

namespace Tollgate.AspNetCore;

/// <summary>
/// The API's view of its authorization server. <see cref="Authority"/> and <see cref="Audience"/>
/// are enough for JWTs; a client with <c>allow_introspection</c> (<see cref="ClientId"/>,
/// <see cref="ClientSecret"/>) turns on the revocation feed, and optionally introspection and route rules.
/// </summary>
public sealed class TollgateAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The issuer; keys by its discovery document.</summary>
    public string? Authority { get; set; }
    /// <summary>This API's identifier: tokens must name it in <c>aud</c>.</summary>
    public string? Audience { get; set; }
    /// <summary>A client with <c>allow_introspection</c>, for the revocation feed, introspection and route rules.</summary>
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>Pull <c>{Authority}/revocations</c> so a revoked JWT is refused within <see cref="RevocationInterval"/> (needs the client).</summary>
    public bool UseRevocationFeed { get; set; } = true;
    public TimeSpan RevocationInterval { get; set; } = RevocationFeedOptions.DefaultInterval;
    /// <summary>Introspect opaque tokens at <c>{Authority}/oauth2/introspect</c> (needs the client).</summary>
    public bool UseIntrospection { get; set; }
    /// <summary>
    /// Enforce the rules the server keeps for <see cref="Audience"/> (<c>{Authority}/routes</c>) on
    /// every request passing <c>app.UseTollgateRouteRules()</c>: no attribute needed. Until the first
    /// rules arrive every route is refused.
    /// </summary>
    public bool UseRouteRules { get; set; }
    public TimeSpan RulesInterval { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Algorithms { get; set; } = AuthorizerOptions.DefaultAlgorithms;
    public IReadOnlyList<string> ValidTypes { get; set; } = AuthorizerOptions.DefaultValidTypes;
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Minimum time between two JWKS fetches (an unknown <c>kid</c> triggers one).</summary>
    public TimeSpan JwksCooldown { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long start-up waits for keys, the first revocation sync and rules before taking traffic anyway (refusing until they arrive).</summary>
    public TimeSpan WarmUpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal bool HasClient => !string.IsNullOrEmpty(ClientId) && !string.IsNullOrEmpty(ClientSecret);

    public override void Validate()
    {
        base.Validate();
        var errors = new List<string>();
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) errors.Add("Authority must be the issuer URL (https://...)");
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add("Audience must be this API's identifier");
        if ((UseIntrospection || UseRouteRules) && !HasClient) errors.Add("ClientId and ClientSecret are needed for UseIntrospection and UseRouteRules");
        if (errors.Count > 0) throw new InvalidOperationException($"Tollgate authentication: {string.Join("; ", errors)}");
    }

    internal AuthorizerOptions ToAuthorizerOptions()
    {
        var server = Authority!.TrimEnd('/');
        return new AuthorizerOptions
        {
            Issuers = [new IssuerOptions { Issuer = server, Audiences = [Audience!] }],
            Algorithms = Algorithms,
            ValidTypes = ValidTypes,
            ClockSkew = ClockSkew,
            JwksCooldown = JwksCooldown,
            // Without rules any valid token passes authentication; policies and RequireScope decide the rest.
            DefaultAction = UseRouteRules ? Authorizer.Routing.DefaultAction.Deny : Authorizer.Routing.DefaultAction.AllowAuthenticated,
            Introspection = UseIntrospection
                ? new IntrospectionOptions { Url = $"{server}/oauth2/introspect", ClientId = ClientId!, ClientSecret = ClientSecret!, Audiences = [Audience!] }
                : null,
            RevocationFeed = UseRevocationFeed && HasClient
                ? new RevocationFeedOptions { Url = $"{server}/revocations", ClientId = ClientId!, ClientSecret = ClientSecret!, Interval = RevocationInterval }
                : null,
        };
    }
}
