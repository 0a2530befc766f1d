using Tollgate.Authorizer.Jwt;

namespace Tollgate.Authorizer.Configuration;

internal static class OptionsValidator
{
    public static IReadOnlyList<string> Validate(AuthorizerOptions o)
    {
        var errors = new List<string>();
        if (o.Issuers.Count == 0 && o.Introspection is null)
            errors.Add("Issuers: configure at least one issuer (or Introspection for opaque tokens)");

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < o.Issuers.Count; i++)
        {
            var issuer = o.Issuers[i];
            var at = $"Issuers[{i}]";
            // The issuer is fetched from (discovery) only without a JwksUri; with one it is just the expected iss.
            var issuerOk = issuer.JwksUri is null ? CheckUrl(issuer.Issuer, $"{at}.Issuer", errors) : CheckAbsolute(issuer.Issuer, $"{at}.Issuer", errors);
            if (issuerOk && !seen.Add(issuer.Issuer)) errors.Add($"{at}.Issuer: '{issuer.Issuer}' is listed twice");
            if (issuer.JwksUri is not null) CheckUrl(issuer.JwksUri, $"{at}.JwksUri", errors);
            if (issuer.Audiences.Count == 0) errors.Add($"{at}.Audiences: name at least one audience (the API identifier tokens are issued for)");
            if (issuer.Audiences.Any(string.IsNullOrWhiteSpace)) errors.Add($"{at}.Audiences: an audience is empty");
        }

        if (o.Algorithms.Count == 0) errors.Add("Algorithms: allow at least one algorithm (RS256, ES256, PS256...)");
        foreach (var alg in o.Algorithms)
        {
            if (JwsAlgorithm.Find(alg) is not null) continue;
            errors.Add(alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase) || alg.Equals("none", StringComparison.OrdinalIgnoreCase)
                ? $"Algorithms: '{alg}' is never allowed (only asymmetric signatures prove the issuer signed)"
                : $"Algorithms: '{alg}' is not supported; use {string.Join(", ", JwsAlgorithm.All.Select(a => a.Name))}");
        }
        if (o.ValidTypes.Any(string.IsNullOrWhiteSpace)) errors.Add("ValidTypes: a type is empty");
        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > TimeSpan.FromMinutes(5)) errors.Add("ClockSkew: between 0 and 5 minutes");
        if (string.IsNullOrWhiteSpace(o.TokenHeader)) errors.Add("TokenHeader: name the header holding the token (usually Authorization)");
        if (o.TokenQueryParameter is { } q && string.IsNullOrWhiteSpace(q)) errors.Add("TokenQueryParameter: empty; leave it unset to turn it off");
        if (o.MaxTokenLength is < 256 or > 1024 * 1024) errors.Add("MaxTokenLength: between 256 and 1048576 characters");
        if (o.DecisionCacheSize < 0) errors.Add("DecisionCacheSize: 0 (off) or more");
        if (o.RateLimitTrackedClients < 1) errors.Add("RateLimitTrackedClients: at least 1");
        if (o.DpopProofMaxAge < TimeSpan.FromSeconds(1) || o.DpopProofMaxAge > TimeSpan.FromMinutes(10)) errors.Add("DpopProofMaxAge: between 1 second and 10 minutes");
        if (o.DpopClockSkew < TimeSpan.Zero || o.DpopClockSkew > TimeSpan.FromMinutes(5)) errors.Add("DpopClockSkew: between 0 and 5 minutes");
        if (o.DpopReplayCacheSize < 1) errors.Add("DpopReplayCacheSize: at least 1 (proofs are remembered until they expire)");
        if (o.JwksRefreshInterval <= TimeSpan.Zero) errors.Add("JwksRefreshInterval: must be positive");
        if (o.JwksCooldown < TimeSpan.Zero) errors.Add("JwksCooldown: must not be negative");
        if (o.HttpTimeout <= TimeSpan.Zero) errors.Add("HttpTimeout: must be positive");
        if (o.RulesFile is { } file && !File.Exists(file)) errors.Add($"RulesFile: '{file}' does not exist");
        if (o.PoliciesFile is { } policies && !File.Exists(policies)) errors.Add($"PoliciesFile: '{policies}' does not exist");
        if (o.PolicyFeed is { } pf)
        {
            if (o.PoliciesFile is not null) errors.Add("PolicyFeed: a PoliciesFile is also set; use one");
            if (!Uri.TryCreate(pf.Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")) errors.Add($"PolicyFeed.Url: '{pf.Url}' is not an absolute http(s) URL");
            if (string.IsNullOrWhiteSpace(pf.ClientId) || string.IsNullOrEmpty(pf.ClientSecret)) errors.Add("PolicyFeed.ClientId, ClientSecret: required (a client with allow_introspection)");
            if (pf.Interval < TimeSpan.FromMilliseconds(100) || pf.Interval > TimeSpan.FromHours(1)) errors.Add("PolicyFeed.Interval: between 100 ms and 1 hour");
        }

        if (o.Introspection is { } intro)
        {
            CheckUrl(intro.Url, "Introspection.Url", errors);
            if (string.IsNullOrWhiteSpace(intro.ClientId)) errors.Add("Introspection.ClientId: required (introspection callers authenticate)");
            if (string.IsNullOrEmpty(intro.ClientSecret)) errors.Add("Introspection.ClientSecret: required");
            if (intro.CacheTtl < TimeSpan.Zero) errors.Add("Introspection.CacheTtl: must not be negative");
            if (intro.InactiveCacheTtl < TimeSpan.Zero) errors.Add("Introspection.InactiveCacheTtl: must not be negative");
            if (intro.CacheSize < 2) errors.Add("Introspection.CacheSize: at least 2");
        }
        if (o.RevocationFeed is { } feed) ValidateFeed(feed, errors);
        return errors;
    }

    private static bool CheckAbsolute(string? value, string name, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value, UriKind.Absolute, out _)) return true;
        errors.Add($"{name}: an absolute URL is required, got '{value}'");
        return false;
    }

    private static void ValidateFeed(RevocationFeedOptions feed, List<string> errors)
    {
        CheckUrl(feed.Url, "RevocationFeed.Url", errors);
        if (string.IsNullOrWhiteSpace(feed.ClientId)) errors.Add("RevocationFeed.ClientId: required (a client allowed to introspect)");
        if (string.IsNullOrEmpty(feed.ClientSecret)) errors.Add("RevocationFeed.ClientSecret: required");
        if (feed.Interval < TimeSpan.FromMilliseconds(100) || feed.Interval > TimeSpan.FromMinutes(10)) errors.Add("RevocationFeed.Interval: between 100 ms and 10 minutes");
        if (feed.FailClosedAfter < TimeSpan.Zero) errors.Add("RevocationFeed.FailClosedAfter: 0 (off) or positive");
        else if (feed.FailClosedAfter > TimeSpan.Zero && feed.FailClosedAfter < 2 * feed.Interval)
            errors.Add("RevocationFeed.FailClosedAfter: at least twice the Interval (or 0 to turn it off), or one slow poll refuses everything");
        if (feed.CatchUpWait < TimeSpan.Zero || feed.CatchUpWait > TimeSpan.FromSeconds(30)) errors.Add("RevocationFeed.CatchUpWait: between 0 (never wait) and 30 seconds");
        if (feed.PageSize is < 1 or > 50_000) errors.Add("RevocationFeed.PageSize: between 1 and 50000");
    }

    /// <summary>An absolute https URL; http only for loopback (tests, sidecars).</summary>
    private static bool CheckUrl(string? value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            errors.Add($"{name}: an absolute URL is required, got '{value}'");
            return false;
        }
        if (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)) return true;
        errors.Add($"{name}: '{value}' must use https (http only for localhost)");
        return false;
    }
}
