using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Jwt;
using Tollgate.Core.Keys;

namespace Tollgate.Authorizer.Tests.Support;

/// <summary>A loopback issuer with RS256, ES256 and PS256 keys published, and a validator trusting it.</summary>
public sealed class Issuer : IDisposable
{
    public const string Audience = "https://api.contacts.example";

    public Issuer(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        Server = new JwksServer();
        Server.Publish(Rsa.PublicJwk, Ec.PublicJwk, Pss.PublicJwk);
    }

    public FakeTimeProvider Time { get; }
    public JwksServer Server { get; }
    // Generated once per test run: RSA key generation is slow, and keys are immutable.
    private static readonly SigningKey SharedRsa = SigningKey.Generate("RS256");
    private static readonly SigningKey SharedEc = SigningKey.Generate("ES256");
    private static readonly SigningKey SharedPss = SigningKey.Generate("PS256");

    public SigningKey Rsa => SharedRsa;
    public SigningKey Ec => SharedEc;
    public SigningKey Pss => SharedPss;
    public HttpClient Http { get; } = new();

    public TokenMinter Minter(SigningKey? key = null) => new(key ?? Rsa, Server.Issuer, Audience, Time);

    public JwksCache KeyCache(JwksCacheSettings? settings = null) =>
        new(new JwksLocator(Server.Issuer, null, Http, TimeSpan.FromSeconds(5)), Http, settings ?? new JwksCacheSettings(), Time, NullLogger.Instance);

    public JwtValidator Validator(JwksCache? keys = null, IEnumerable<JwsAlgorithm>? algorithms = null, IEnumerable<string>? types = null) =>
        new([new TrustedIssuer(Server.Issuer, keys ?? KeyCache(), [Audience])],
            new JwtValidationSettings(algorithms ?? [JwsAlgorithm.RS256, JwsAlgorithm.ES256, JwsAlgorithm.PS256], types ?? ["at+jwt", "JWT"], TimeSpan.FromSeconds(30), 16 * 1024),
            Time);

    public void Dispose()
    {
        Server.Dispose();
        Http.Dispose();
    }
}
