using Tollgate.Authorizer.Jwks;

namespace Tollgate.Authorizer.Jwt;

/// <summary>An issuer whose tokens are accepted: its exact <c>iss</c>, its keys, and the audiences accepted from it.</summary>
public sealed class TrustedIssuer
{
    private readonly HashSet<string> _audiences;
    private readonly bool _anyAudience;

    public TrustedIssuer(string issuer, IKeySource keys, IEnumerable<string> audiences) : this(issuer, keys, audiences, false) { }

    private TrustedIssuer(string issuer, IKeySource keys, IEnumerable<string> audiences, bool anyAudience)
    {
        Issuer = issuer;
        Keys = keys;
        _audiences = new HashSet<string>(audiences, StringComparer.Ordinal);
        _anyAudience = anyAudience;
    }

    /// <summary>
    /// An issuer whose tokens are accepted for whatever audience they carry: the authorization
    /// server reading its own tokens (introspection answers for every API).
    /// </summary>
    public static TrustedIssuer ForAnyAudience(string issuer, IKeySource keys) => new(issuer, keys, [], true);

    public string Issuer { get; }
    public IKeySource Keys { get; }
    public IReadOnlyCollection<string> Audiences => _audiences;

    /// <summary>
    /// The token is for us when one of its <c>aud</c> values is ours; a token without <c>aud</c> is
    /// judged by its <c>client_id</c>, as API Gateway's JWT authorizer does.
    /// </summary>
    public bool AcceptsAudience(string[] audiences, string? clientId)
    {
        if (_anyAudience) return true;
        if (audiences.Length == 0) return clientId is not null && _audiences.Contains(clientId);
        foreach (var aud in audiences)
            if (_audiences.Contains(aud)) return true;
        return false;
    }

    /// <summary>
    /// Replaces each audience this issuer is configured with by the configured string instance, so
    /// the thousands of tokens the decision cache keeps share it instead of holding a copy each.
    /// </summary>
    internal void ShareAudiences(string[] audiences)
    {
        for (var i = 0; i < audiences.Length; i++)
            if (_audiences.TryGetValue(audiences[i], out var configured)) audiences[i] = configured;
    }
}
