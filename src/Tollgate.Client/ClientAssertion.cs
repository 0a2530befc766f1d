using System.Security.Cryptography;

namespace Tollgate.Client;

/// <summary>
/// The RFC 7523 client assertion for <c>private_key_jwt</c>: <c>iss</c> = <c>sub</c> = client id,
/// <c>aud</c> = the token endpoint, a fresh <c>jti</c>, valid for one minute.
/// </summary>
internal static class ClientAssertion
{
    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static string? AlgorithmFor(ClientCredentialsOptions options) => JwsSigner.AlgorithmFor(options.SigningKey, options.SigningAlgorithm);

    public static string Create(ClientCredentialsOptions options, Uri tokenEndpoint, DateTimeOffset now)
    {
        var alg = AlgorithmFor(options) ?? throw new InvalidOperationException("no signing algorithm fits the key");
        var header = new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" };
        if (options.SigningKeyId is not null) header["kid"] = options.SigningKeyId;
        var payload = new Dictionary<string, object>
        {
            ["iss"] = options.ClientId,
            ["sub"] = options.ClientId,
            ["aud"] = tokenEndpoint.AbsoluteUri,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
        };
        return JwsSigner.Sign(header, payload, options.SigningKey!, alg);
    }
}
