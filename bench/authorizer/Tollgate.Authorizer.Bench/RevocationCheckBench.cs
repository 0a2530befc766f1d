using System.Diagnostics;
using Tollgate.Authorizer.Revocation;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Bench;

/// <summary>
/// ns per revocation check (<see cref="RevocationSet.IsRevoked"/>) on one thread, the step every
/// decision takes after validation: an empty list, 100 000 token entries (a miss and a hit), and a
/// client with a client entry and grant entries on the token's audience (the rule's slow side).
/// Median of 7 rounds of 2 000 000 checks.
/// </summary>
public static class RevocationCheckBench
{
    private const string Audience = "https://api.example";

    public static Dictionary<string, double> Measure(int checks = 2_000_000)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var batch = new RevocationBatch();
        for (var i = 0; i < 100_000; i++) batch.Tokens.Add(new TokenRevocation(JtiHash.Of($"revoked-{i}"), JtiTable.ToExpiry(now + 3600)));
        for (var i = 0; i < 1_000; i++) batch.Principals.Add(new PrincipalRevocation($"client-{i}", null, now - 60, [], now + 3600));
        batch.Principals.Add(new PrincipalRevocation("narrowed", null, now - 600, [], now + 3600));
        batch.Principals.Add(new PrincipalRevocation("narrowed", Audience, now - 60, ["read"], now + 3600));
        batch.Principals.Add(new PrincipalRevocation("narrowed", Audience, now - 120, ["read", "write"], now + 3600));
        var full = RevocationSet.Empty.With(batch, now);

        var results = new Dictionary<string, double>
        {
            ["revocation_empty_ns"] = Run(RevocationSet.Empty, Token("fresh", "svc", now, ["read"]), false, checks),
            ["revocation_miss_ns"] = Run(full, Token("fresh", "svc", now, ["read"]), false, checks),
            ["revocation_jti_hit_ns"] = Run(full, Token("revoked-4242", "svc", now, ["read"]), true, checks),
            ["revocation_client_hit_ns"] = Run(full, Token("fresh", "client-7", now - 61, ["read"]), true, checks),
            ["revocation_grant_miss_ns"] = Run(full, Token("fresh", "narrowed", now - 30, ["read", "write"]), false, checks),
            ["revocation_grant_hit_ns"] = Run(full, Token("fresh", "narrowed", now - 90, ["read", "admin"]), true, checks),
        };
        return results;
    }

    private static ValidatedToken Token(string jti, string clientId, long iat, string[] scopes) => new()
    {
        Issuer = "https://issuer.example", Jti = jti, ClientId = clientId, Audiences = [Audience],
        IssuedAt = DateTimeOffset.FromUnixTimeSeconds(iat), Scopes = scopes,
    };

    private static double Run(RevocationSet set, ValidatedToken token, bool expected, int checks)
    {
        if (set.IsRevoked(token) != expected) throw new InvalidOperationException($"{token.Jti}/{token.ClientId}: expected revoked={expected}");
        for (var i = 0; i < checks / 4; i++) set.IsRevoked(token); // warm up (tier-1)
        var rounds = new double[7];
        for (var r = 0; r < rounds.Length; r++)
        {
            var watch = Stopwatch.StartNew();
            var hits = 0;
            for (var i = 0; i < checks; i++) if (set.IsRevoked(token)) hits++;
            rounds[r] = watch.Elapsed.TotalNanoseconds / checks;
            if (hits != (expected ? checks : 0)) throw new InvalidOperationException("unstable result");
        }
        Array.Sort(rounds);
        return Math.Round(rounds[rounds.Length / 2], 2);
    }
}
