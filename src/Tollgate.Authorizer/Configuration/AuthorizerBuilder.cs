using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Credentials;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Dpop;
using Tollgate.Authorizer.Introspection;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Jwt;
using Tollgate.Authorizer.Policies;
using Tollgate.Authorizer.RateLimiting;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Routing;
using Tollgate.Authorizer.TokenHandler;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Configuration;

/// <summary>
/// Builds a ready <see cref="TollgateAuthorizer"/> from <see cref="AuthorizerOptions"/>:
/// <code>
/// var authorizer = AuthorizerBuilder.Create(options, httpClient, TimeProvider.System, loggerFactory);
/// // or, with more parts:
/// var authorizer = new AuthorizerBuilder(options).WithHttpClient(http).WithRevocationCheck(list).Build();
/// </code>
/// </summary>
public sealed class AuthorizerBuilder(AuthorizerOptions options)
{
    private HttpClient? _http;
    private TimeProvider _time = TimeProvider.System;
    private ILoggerFactory _loggers = NullLoggerFactory.Instance;
    private IRevocationCheck? _revocation;
    private RouteRuleSet? _rules;
    private IRouteTableSource? _routes;
    private IPolicySetSource? _policies;

    public static TollgateAuthorizer Create(AuthorizerOptions options, HttpClient http, TimeProvider? time = null, ILoggerFactory? loggers = null)
        => new AuthorizerBuilder(options).WithHttpClient(http).WithTimeProvider(time ?? TimeProvider.System)
            .WithLoggerFactory(loggers ?? NullLoggerFactory.Instance).Build();

    /// <summary>Used for discovery, JWKS, introspection and the revocation feed. Owned by the caller (share one per process).</summary>
    public AuthorizerBuilder WithHttpClient(HttpClient http) { _http = http; return this; }
    public AuthorizerBuilder WithTimeProvider(TimeProvider time) { _time = time; return this; }
    public AuthorizerBuilder WithLoggerFactory(ILoggerFactory loggers) { _loggers = loggers; return this; }
    /// <summary>A revocation check of the host's own (not started nor disposed here); replaces <see cref="AuthorizerOptions.RevocationFeed"/>.</summary>
    public AuthorizerBuilder WithRevocationCheck(IRevocationCheck revocation) { _revocation = revocation; return this; }
    /// <summary>Rules given in code rather than <see cref="AuthorizerOptions.RulesFile"/>.</summary>
    public AuthorizerBuilder WithRules(RouteRuleSet rules) { _rules = rules; return this; }
    /// <summary>Rules kept elsewhere (e.g. fed by the server); the builder's rules are then ignored.</summary>
    public AuthorizerBuilder WithRouteTableSource(IRouteTableSource routes) { _routes = routes; return this; }

    /// <summary>Policies kept elsewhere (e.g. the server's catalog); replaces <see cref="AuthorizerOptions.PoliciesFile"/>.</summary>
    public AuthorizerBuilder WithPolicies(IPolicySetSource policies) { _policies = policies; return this; }

    /// <exception cref="AuthorizerOptionsException">Every problem with the options or the rules.</exception>
    public TollgateAuthorizer Build()
    {
        var errors = options.Validate().ToList();
        if (_http is null && (options.Issuers.Count > 0 || options.Introspection is not null || options.RevocationFeed is not null || options.PolicyFeed is not null))
            errors.Add("HttpClient: required to fetch keys, introspect or pull revocations or policies (WithHttpClient)");
        if (_revocation is not null && options.RevocationFeed is not null) errors.Add("RevocationFeed: a revocation check was also given in code; use one");
        if (_rules is not null && options.RulesFile is not null) errors.Add("RulesFile: rules were also given in code; use one");
        if (_policies is not null && (options.PoliciesFile ?? (object?)options.PolicyFeed) is not null) errors.Add("PoliciesFile/PolicyFeed: policies were also given in code; use one");
        var routes = _routes ?? LoadRoutes(errors);
        var policies = _policies ?? (options.PolicyFeed is null ? LoadPolicies(errors) : null);
        if (errors.Count > 0) throw new AuthorizerOptionsException(errors);
        var http = _http!;

        var keySettings = new JwksCacheSettings { RefreshInterval = options.JwksRefreshInterval, Cooldown = options.JwksCooldown, FetchTimeout = options.HttpTimeout };
        var jwksLogger = _loggers.CreateLogger<JwksCache>();
        var keys = options.Issuers.Select(i =>
            new JwksCache(new JwksLocator(i.Issuer, i.JwksUri is null ? null : new Uri(i.JwksUri), http, options.HttpTimeout), http, keySettings, _time, jwksLogger)).ToList();
        var issuers = options.Issuers.Zip(keys, (i, k) => new TrustedIssuer(i.Issuer, k, i.Audiences)).ToList();

        ITokenValidator? jwt = null;
        JwtValidator? localJwt = null;
        if (issuers.Count > 0)
        {
            var settings = new JwtValidationSettings(options.Algorithms.Select(a => JwsAlgorithm.Find(a)!), options.ValidTypes, options.ClockSkew, options.MaxTokenLength);
            jwt = localJwt = new JwtValidator(issuers, settings, _time);
            if (options.DecisionCacheSize > 0) jwt = new CachingTokenValidator(jwt, Math.Max(2, options.DecisionCacheSize), options.ClockSkew, _time);
        }
        var introspection = options.Introspection is { } io
            ? new IntrospectionValidator(io, http, _time, _loggers.CreateLogger<IntrospectionValidator>(), options.HttpTimeout)
            : null;

        // The feed starts polling now: until its first sync every decision is refused (see WarmUpAsync).
        var feed = options.RevocationFeed is { } fo
            ? new RevocationFeed(fo, http, _time, _loggers.CreateLogger<RevocationFeed>(), options.HttpTimeout)
            : null;
        feed?.Start();
        var policyFeed = _policies is null && options.PolicyFeed is { } pfo
            ? new PolicyFeed(pfo, http, _time, _loggers.CreateLogger<PolicyFeed>(), options.HttpTimeout)
            : null;
        policyFeed?.Start();
        policies ??= policyFeed;

        var credentials = new CredentialExtractor(options.TokenHeader, options.TokenQueryParameter, options.MaxTokenLength);
        var validator = new TokenValidatorSelector(jwt, introspection);
        var oauthProxy = options.TokenHandler is { } tokenHandler
            ? OAuthProxyFactory.Create(tokenHandler, options, localJwt, introspection, credentials, validator, http, _time, _loggers)
            : null;
        var engine = new DecisionEngine(
            credentials,
            validator,
            _revocation ?? feed ?? (IRevocationCheck)NoRevocation.Instance,
            routes!,
            options.ClockSkew,
            _time,
            _loggers.CreateLogger<DecisionEngine>(),
            oauthProxy,
            policies,
            new DpopBinding(
                new DpopProofValidator(new DpopSettings { MaxAge = options.DpopProofMaxAge, ClockSkew = options.DpopClockSkew }, _time),
                new DpopReplayCache(options.DpopReplayCacheSize, _time)),
            options.EnforceRateLimits ? new RequestRateLimiter(_time, options.RateLimitTrackedClients) : null);
        return new TollgateAuthorizer(engine, routes!, [.. keys], introspection, feed) { Policies = policies!, PolicyFeed = policyFeed };
    }

    private PolicySetSource? LoadPolicies(List<string> errors)
    {
        try
        {
            return new PolicySetSource(options.PoliciesFile is { } file ? PolicyDocument.Load(file) : PolicySet.Empty);
        }
        catch (PolicyException ex)
        {
            errors.AddRange(ex.Errors.Select(e => $"Policies: {e}"));
            return null;
        }
    }

    private RouteTableSource? LoadRoutes(List<string> errors)
    {
        try
        {
            var rules = _rules ?? (options.RulesFile is { } file && File.Exists(file) ? RouteRulesFile.Load(file) : RouteRuleSet.Empty);
            return new RouteTableSource(RouteTable.Compile(rules, options.DefaultAction));
        }
        catch (RouteRulesException ex)
        {
            errors.AddRange(ex.Errors.Select(e => $"Rules: {e}"));
            return null;
        }
    }
}
