using System.Buffers;

namespace Tollgate.Authorizer.Jwt;

/// <summary>Base64url decoding that reports bad input instead of throwing (<c>TryDecodeFromChars</c> throws on a bad length).</summary>
internal static class Base64UrlDecoder
{
    public static bool TryDecode(ReadOnlySpan<char> source, Span<byte> destination, out int written) =>
        Base64Url.DecodeFromChars(source, destination, out var consumed, out written) == OperationStatus.Done
        && consumed == source.Length;
}
