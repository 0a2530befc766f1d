using Tollgate.Authorizer.Jwt;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Authorizer.Configuration;

internal static class OptionsValidator
{
    public static List<ValidationError> Validate(AuthorizerOptions o)
    {
        var errors = new List<ValidationError>();
        void Add(string path, string code, string message) => errors.Add(new(path, code, message));

        if (o.Issuers.Count == 0 && o.Introspection is null)
            Add("Issuers", Required, "configure at least one issuer (or Introspection for opaque tokens)");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Issuers.Count; i++)
        {
            var issuer = o.Issuers[i];
            var at = $"Issuers[{i}]";
            // The issuer is fetched from (discovery) only without a JwksUri; with one it is just the expected iss.
            var issuerOk = issuer.JwksUri is null ? CheckUrl(issuer.Issuer, $"{at}.Issuer", errors) : CheckAbsolute(issuer.Issuer, $"{at}.Issuer", errors);
            if (issuerOk && !seen.Add(issuer.Issuer)) Add($"{at}.Issuer", Duplicate, $"'{issuer.Issuer}' is listed twice");
            if (issuer.JwksUri is not null) CheckUrl(issuer.JwksUri, $"{at}.JwksUri", errors);
            if (issuer.Audiences.Count == 0) Add($"{at}.Audiences", Required, "name at least one audience (the API identifier tokens are issued for)");
            if (issuer.Audiences.Any(string.IsNullOrWhiteSpace)) Add($"{at}.Audiences", Required, "an audience is empty");
        }

        if (o.Algorithms.Count == 0) Add("Algorithms", Required, "allow at least one algorithm (RS256, ES256, PS256...)");
        foreach (var alg in o.Algorithms)
        {
            if (JwsAlgorithm.Find(alg) is not null) continue;
            if (alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase) || alg.Equals("none", StringComparison.OrdinalIgnoreCase))
                Add("Algorithms", NotAllowed, $"'{alg}' is never allowed (only asymmetric signatures prove the issuer signed)");
            else Add("Algorithms", Unknown, $"'{alg}' is not supported; use {string.Join(", ", JwsAlgorithm.All.Select(a => a.Name))}");
        }
        if (o.ValidTypes.Any(string.IsNullOrWhiteSpace)) Add("ValidTypes", Required, "a type is empty");
        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > TimeSpan.FromMinutes(5)) Add("ClockSkew", OutOfRange, "between 0 and 5 minutes");
        if (string.IsNullOrWhiteSpace(o.TokenHeader)) Add("TokenHeader", Required, "name the header holding the token (usually Authorization)");
        if (o.TokenQueryParameter is { } q && string.IsNullOrWhiteSpace(q)) Add("TokenQueryParameter", Required, "empty; leave it unset to turn it off");
        if (o.MaxTokenLength is < 256 or > 1024 * 1024) Add("MaxTokenLength", OutOfRange, "between 256 and 1048576 characters");
        if (o.DecisionCacheSize < 0) Add("DecisionCacheSize", OutOfRange, "0 (off) or more");
        if (o.RateLimitTrackedClients < 1) Add("RateLimitTrackedClients", OutOfRange, "at least 1");
        if (o.DpopProofMaxAge < TimeSpan.FromSeconds(1) || o.DpopProofMaxAge > TimeSpan.FromMinutes(10)) Add("DpopProofMaxAge", OutOfRange, "between 1 second and 10 minutes");
        if (o.DpopClockSkew < TimeSpan.Zero || o.DpopClockSkew > TimeSpan.FromMinutes(5)) Add("DpopClockSkew", OutOfRange, "between 0 and 5 minutes");
        if (o.DpopReplayCacheSize < 1) Add("DpopReplayCacheSize", OutOfRange, "at least 1 (proofs are remembered until they expire)");
        if (o.JwksRefreshInterval <= TimeSpan.Zero) Add("JwksRefreshInterval", OutOfRange, "must be positive");
        if (o.JwksCooldown < TimeSpan.Zero) Add("JwksCooldown", OutOfRange, "must not be negative");
        if (o.HttpTimeout <= TimeSpan.Zero) Add("HttpTimeout", OutOfRange, "must be positive");
        if (o.RulesFile is { } file && !File.Exists(file)) Add("RulesFile", NotFound, $"'{file}' does not exist");
        if (o.PoliciesFile is { } policies && !File.Exists(policies)) Add("PoliciesFile", NotFound, $"'{policies}' does not exist");
        if (o.PolicyFeed is { } pf)
        {
            if (o.PoliciesFile is not null) Add("PolicyFeed", Conflict, "a PoliciesFile is also set; use one");
            if (!Uri.TryCreate(pf.Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")) Add("PolicyFeed.Url", Invalid, $"'{pf.Url}' is not an absolute http(s) URL");
            if (string.IsNullOrWhiteSpace(pf.ClientId) || string.IsNullOrEmpty(pf.ClientSecret)) Add("PolicyFeed.ClientId, ClientSecret", Required, "required (a client with allow_introspection)");
            if (pf.Interval < TimeSpan.FromMilliseconds(100) || pf.Interval > TimeSpan.FromHours(1)) Add("PolicyFeed.Interval", OutOfRange, "between 100 ms and 1 hour");
        }

        if (o.Introspection is { } intro)
        {
            CheckUrl(intro.Url, "Introspection.Url", errors);
            if (string.IsNullOrWhiteSpace(intro.ClientId)) Add("Introspection.ClientId", Required, "required (introspection callers authenticate)");
            if (string.IsNullOrEmpty(intro.ClientSecret)) Add("Introspection.ClientSecret", Required, "required");
            if (intro.CacheTtl < TimeSpan.Zero) Add("Introspection.CacheTtl", OutOfRange, "must not be negative");
            if (intro.InactiveCacheTtl < TimeSpan.Zero) Add("Introspection.InactiveCacheTtl", OutOfRange, "must not be negative");
            if (intro.CacheSize < 2) Add("Introspection.CacheSize", OutOfRange, "at least 2");
        }
        if (o.RevocationFeed is { } feed) ValidateFeed(feed, errors);
        return errors;
    }

    private static bool CheckAbsolute(string? value, string name, List<ValidationError> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value, UriKind.Absolute, out _)) return true;
        errors.Add(new(name, string.IsNullOrWhiteSpace(value) ? Required : Invalid, $"an absolute URL is required, got '{value}'"));
        return false;
    }

    private static void ValidateFeed(RevocationFeedOptions feed, List<ValidationError> errors)
    {
        void Add(string path, string code, string message) => errors.Add(new(path, code, message));
        CheckUrl(feed.Url, "RevocationFeed.Url", errors);
        if (string.IsNullOrWhiteSpace(feed.ClientId)) Add("RevocationFeed.ClientId", Required, "required (a client allowed to introspect)");
        if (string.IsNullOrEmpty(feed.ClientSecret)) Add("RevocationFeed.ClientSecret", Required, "required");
        if (feed.Interval < TimeSpan.FromMilliseconds(100) || feed.Interval > TimeSpan.FromMinutes(10)) Add("RevocationFeed.Interval", OutOfRange, "between 100 ms and 10 minutes");
        if (feed.FailClosedAfter < TimeSpan.Zero) Add("RevocationFeed.FailClosedAfter", OutOfRange, "0 (off) or positive");
        else if (feed.FailClosedAfter > TimeSpan.Zero && feed.FailClosedAfter < 2 * feed.Interval)
            Add("RevocationFeed.FailClosedAfter", OutOfRange, "at least twice the Interval (or 0 to turn it off), or one slow poll refuses everything");
        if (feed.CatchUpWait < TimeSpan.Zero || feed.CatchUpWait > TimeSpan.FromSeconds(30)) Add("RevocationFeed.CatchUpWait", OutOfRange, "between 0 (never wait) and 30 seconds");
        if (feed.PageSize is < 1 or > 50_000) Add("RevocationFeed.PageSize", OutOfRange, "between 1 and 50000");
    }

    /// <summary>An absolute https URL; http only for loopback (tests, sidecars).</summary>
    private static bool CheckUrl(string? value, string name, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            errors.Add(new(name, string.IsNullOrWhiteSpace(value) ? Required : Invalid, $"an absolute URL is required, got '{value}'"));
            return false;
        }
        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)) return true;
        errors.Add(new(name, NotAllowed, $"'{value}' must use https (http only for localhost)"));
        return false;
    }
}
