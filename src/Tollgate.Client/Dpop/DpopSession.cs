using System.Text.RegularExpressions;

namespace Tollgate.Client.Dpop;

/// <summary>
/// The proofs of one token source: its key, the process's nonces per origin and the clock. Every
/// call to <see cref="Proof"/> makes a new proof (new <c>jti</c>, current <c>iat</c>, the origin's latest nonce).
/// </summary>
internal sealed partial class DpopSession(DpopKey key, DpopNonceStore nonces, TimeProvider time)
{
    public const string Header = "DPoP";

    public string Thumbprint => key.Thumbprint;

    public string Proof(HttpMethod method, Uri url, string? accessToken = null)
        => key.Proof(method.Method, url, time.GetUtcNow(), accessToken, nonces.For(url));

    /// <summary>Keeps a <c>DPoP-Nonce</c> the response carries (any response may carry a fresh one); true when it did.</summary>
    public bool RememberNonce(Uri url, HttpResponseMessage response) => nonces.Remember(url, response);

    /// <summary>A resource server's <c>401</c> with <c>WWW-Authenticate: DPoP error="use_dpop_nonce"</c> (RFC 9449 §9).</summary>
    public static bool AsksForNonce(HttpResponseMessage response)
    {
        foreach (var challenge in response.Headers.WwwAuthenticate)
            if (string.Equals(challenge.Scheme, "DPoP", StringComparison.OrdinalIgnoreCase) && challenge.Parameter is { } p && UseNonce().IsMatch(p))
                return true;
        return false;
    }

    [GeneratedRegex("""(^|[\s,])error\s*=\s*"?use_dpop_nonce"?(\s|,|$)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UseNonce();
}
