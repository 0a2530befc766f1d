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
    private readonly Dictionary<string, IKeySource> _keySources = new(StringComparer.Ordinal);
    private ITokenIntrospection? _introspection;

    public static TollgateAuthorizer Create(AuthorizerOptions options, HttpClient http, TimeProvider? time = null, ILoggerFactory? loggers = null)
        => new AuthorizerBuilder(options).WithHttpClient(http).WithTimeProvider(time ?? TimeProvider.System)
            .WithLoggerFactory(loggers ?? NullLoggerFactory.Instance).Build();

    /// <summary>Used for discovery, JWKS, introspection and the feeds (not for what is given in code). Owned by the caller (share one per process).</summary>
    public AuthorizerBuilder WithHttpClient(HttpClient http) { _http = http; return this; }
    public AuthorizerBuilder WithTimeProvider(TimeProvider time) { _time = time; return this; }
    public AuthorizerBuilder WithLoggerFactory(ILoggerFactory loggers) { _loggers = loggers; return this; }
    /// <summary>A revocation check of the host's own (not started nor disposed here); replaces <see cref="AuthorizerOptions.RevocationFeed"/>.</summary>
    public AuthorizerBuilder WithRevocationCheck(IRevocationCheck revocation) { _revocation = revocation; return this; }
    /// <summary>Rules given in code rather than <see cref="AuthorizerOptions.RulesFile"/>.</summary>
    public AuthorizerBuilder WithRules(RouteRuleSet rules) { _rules = rules; return this; }
    /// <summary>Rules kept elsewhere (e.g. fed by the server); the builder's rules are then ignored.</summary>
    public AuthorizerBuilder WithRouteTableSource(IRouteTableSource routes) { _routes = routes; return this; }

    /// <summary>
    /// The keys of one of <see cref="AuthorizerOptions.Issuers"/> given in code (e.g. the server's own,
    /// in-process): read on every lookup, never fetched; that issuer's <c>JwksUri</c> is not used.
    /// </summary>
    public AuthorizerBuilder WithKeySource(string issuer, IKeySource keys) { _keySources[issuer] = keys; return this; }

    /// <summary>
    /// Who answers introspection, given in code (e.g. the server itself, in-process) instead of
    /// <see cref="IntrospectionOptions.Url"/> over HTTP; the rest of <see cref="AuthorizerOptions.Introspection"/>
    /// (client id, audiences, caching) still applies, and the URL only names the endpoint in logs.
    /// </summary>
    public AuthorizerBuilder WithIntrospection(ITokenIntrospection introspection) { _introspection = introspection; return this; }

    /// <summary>Policies kept elsewhere (e.g. the server's catalog); replaces <see cref="AuthorizerOptions.PoliciesFile"/>.</summary>
    public AuthorizerBuilder WithPolicies(IPolicySetSource policies) { _policies = policies; return this; }

    /// <exception cref="AuthorizerOptionsException">Every problem with the options or the rules.</exception>
    public TollgateAuthorizer Build()
    {
        var errors = options.Validate().ToList();
        var fetchesKeys = options.Issuers.Any(i => !_keySources.ContainsKey(i.Issuer));
        var asksOverHttp = options.Introspection is not null && _introspection is null;
        if (_http is null && (fetchesKeys || asksOverHttp || options.RevocationFeed is not null || options.PolicyFeed is not null))
            errors.Add("HttpClient: required to fetch keys, introspect or pull revocations or policies (WithHttpClient)");
        foreach (var issuer in _keySources.Keys.Where(k => options.Issuers.All(i => i.Issuer != k)))
            errors.Add($"WithKeySource: '{issuer}' is not one of the Issuers");
        if (_introspection is not null && options.Introspection is null) errors.Add("WithIntrospection: needs Introspection (ClientId, Audiences, caching) in the options");
        if (_revocation is not null && options.RevocationFeed is not null) errors.Add("RevocationFeed: a revocation check was also given in code; use one");
        if (_rules is not null && options.RulesFile is not null) errors.Add("RulesFile: rules were also given in code; use one");
        if (_policies is not null && (options.PoliciesFile ?? (object?)options.PolicyFeed) is not null) errors.Add("PoliciesFile/PolicyFeed: policies were also given in code; use one");
        var routes = _routes ?? LoadRoutes(errors);
        var policies = _policies ?? (options.PolicyFeed is null ? LoadPolicies(errors) : null);
        if (errors.Count > 0) throw new AuthorizerOptionsException(errors);
        var http = _http;

        // Keys given in code are read as they are; every other issuer's keys are fetched and cached.
        var keySettings = new JwksCacheSettings { RefreshInterval = options.JwksRefreshInterval, Cooldown = options.JwksCooldown, FetchTimeout = options.HttpTimeout };
        var jwksLogger = _loggers.CreateLogger<JwksCache>();
        var keys = new List<JwksCache>();
        var issuers = options.Issuers.Select(i => new TrustedIssuer(i.Issuer, _keySources.GetValueOrDefault(i.Issuer) ?? Fetched(i), i.Audiences)).ToList();
        JwksCache Fetched(IssuerOptions i)
        {
            var cache = new JwksCache(new JwksLocator(i.Issuer, i.JwksUri is null ? null : new Uri(i.JwksUri), http!, options.HttpTimeout), http!, keySettings, _time, jwksLogger);
            keys.Add(cache);
            return cache;
        }

        ITokenValidator? jwt = null;
        JwtValidator? localJwt = null;
        if (issuers.Count > 0)
        {
            var settings = new JwtValidationSettings(options.Algorithms.Select(a => JwsAlgorithm.Find(a)!), options.ValidTypes, options.ClockSkew, options.MaxTokenLength);
            jwt = localJwt = new JwtValidator(issuers, settings, _time);
            if (options.DecisionCacheSize > 0) jwt = new CachingTokenValidator(jwt, Math.Max(2, options.DecisionCacheSize), options.ClockSkew, _time);
        }
        var endpoint = options.Introspection is { } io ? _introspection ?? new HttpIntrospection(io, http!, options.HttpTimeout) : null;
        var introspection = endpoint is not null
            ? new IntrospectionValidator(options.Introspection!, endpoint, _time, _loggers.CreateLogger<IntrospectionValidator>())
            : null;

        // The feed starts polling now: until its first sync every decision is refused (see WarmUpAsync).
        var feed = options.RevocationFeed is { } fo
            ? new RevocationFeed(fo, http!, _time, _loggers.CreateLogger<RevocationFeed>(), options.HttpTimeout)
            : null;
        feed?.Start();
        var policyFeed = _policies is null && options.PolicyFeed is { } pfo
            ? new PolicyFeed(pfo, http!, _time, _loggers.CreateLogger<PolicyFeed>(), options.HttpTimeout)
            : null;
        policyFeed?.Start();
        policies ??= policyFeed;

        var credentials = new CredentialExtractor(options.TokenHeader, options.TokenQueryParameter, options.MaxTokenLength);
        var validator = new TokenValidatorSelector(jwt, introspection);
        var oauthProxy = options.TokenHandler is { } tokenHandler
            ? OAuthProxyFactory.Create(tokenHandler, options, localJwt, introspection, credentials, validator, endpoint, _time, _loggers)
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
