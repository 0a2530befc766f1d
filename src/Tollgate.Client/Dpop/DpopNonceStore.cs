using System.Collections.Concurrent;

namespace Tollgate.Client.Dpop;

/// <summary>
/// The latest <c>DPoP-Nonce</c> (RFC 9449 §8, §9) each origin sent, kept per origin
/// (scheme, host, port): the token server's and every resource server's are separate.
/// </summary>
internal sealed class DpopNonceStore
{
    public const string Header = "DPoP-Nonce";
    private const int MaxLength = 1024;
    private readonly ConcurrentDictionary<string, string> _byOrigin = new(StringComparer.OrdinalIgnoreCase);

    public string? For(Uri url) => _byOrigin.TryGetValue(Origin(url), out var nonce) ? nonce : null;

    /// <summary>Keeps the response's nonce for the URL's origin; true when it carried one.</summary>
    public bool Remember(Uri url, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(Header, out var values) || values.SingleOrDefault() is not { } nonce || !IsNonce(nonce)) return false;
        _byOrigin[Origin(url)] = nonce;
        return true;
    }

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    /// <summary>RFC 9449 §8.1: <c>nonce = 1*NQCHAR</c> (printable ASCII but <c>"</c> and <c>\</c>).</summary>
    private static bool IsNonce(string value)
    {
        if (value.Length is 0 or > MaxLength) return false;
        foreach (var c in value)
            if (c is < '!' or > '~' or '"' or '\\') return false;
        return true;
    }
}
