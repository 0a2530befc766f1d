namespace Tollgate.Authorizer.Jwt;

/// <summary>Everything a JWT must satisfy besides its issuer's keys and audiences, set explicitly.</summary>
public sealed class JwtValidationSettings
{
    private readonly int _allowedMask;

    public JwtValidationSettings(IEnumerable<JwsAlgorithm> algorithms, IEnumerable<string> validTypes, TimeSpan clockSkew, int maxTokenLength)
    {
        Algorithms = [.. algorithms];
        foreach (var alg in Algorithms) _allowedMask |= 1 << alg.Index;
        ValidTypes = [.. validTypes.Select(NormalizeType)];
        ClockSkewSeconds = (long)Math.Ceiling(clockSkew.TotalSeconds);
        MaxTokenLength = maxTokenLength;
    }

    public IReadOnlyList<JwsAlgorithm> Algorithms { get; }
    /// <summary>Accepted <c>typ</c> values (compared case-insensitively, <c>application/</c> optional); empty accepts any, even none.</summary>
    public IReadOnlyList<string> ValidTypes { get; }
    public long ClockSkewSeconds { get; }
    public int MaxTokenLength { get; }

    public bool Allows(JwsAlgorithm alg) => (_allowedMask & (1 << alg.Index)) != 0;

    public bool AcceptsType(string? typ)
    {
        if (ValidTypes.Count == 0) return true;
        if (typ is null) return false;
        var normalized = typ.AsSpan();
        if (normalized.StartsWith("application/", StringComparison.OrdinalIgnoreCase)) normalized = normalized["application/".Length..];
        foreach (var valid in ValidTypes)
            if (normalized.Equals(valid, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static string NormalizeType(string typ) =>
        typ.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? typ["application/".Length..] : typ;
}
