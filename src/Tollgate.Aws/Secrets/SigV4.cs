using System.Security.Cryptography;
using System.Text;

namespace Tollgate.Aws.Secrets;

/// <summary>
/// AWS Signature Version 4 for one request (the header form). Written here rather than taken from the AWS SDK
/// because the SDK's Secrets Manager client is not served to this build and its Core alone would add tens of
/// milliseconds to a Native AOT cold start; the algorithm is small and fixed by AWS's documentation, and
/// tests/Tollgate.Aws.Tests check it against the published example signature.
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The <c>Authorization</c> header value. <paramref name="headers"/>: every header to sign, lower-case names (host and x-amz-date among them).</summary>
    public static string Authorization(string method, string canonicalUri, string canonicalQuery, IReadOnlyDictionary<string, string> headers,
        string payloadSha256Hex, AwsCredentials credentials, string region, string service, string amzDate)
    {
        var names = headers.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var canonical = new StringBuilder()
            .Append(method).Append('\n').Append(canonicalUri).Append('\n').Append(canonicalQuery).Append('\n');
        foreach (var name in names) canonical.Append(name).Append(':').Append(headers[name].Trim()).Append('\n');
        var signedHeaders = string.Join(';', names);
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadSha256Hex);

        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(canonical.ToString())}";
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, toSign));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}

/// <summary>The function's credentials as Lambda provides them (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_SESSION_TOKEN</c>).</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public override string ToString() => $"AwsCredentials({AccessKeyId}, ***)";
}
