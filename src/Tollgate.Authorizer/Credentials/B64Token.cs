using System.Buffers;

namespace Tollgate.Authorizer.Credentials;

/// <summary>RFC 6750 §2.1's <c>b64token</c>, the characters a bearer (or DPoP) token may hold.</summary>
internal static class B64Token
{
    // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    public static readonly SearchValues<char> Chars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=");
}
