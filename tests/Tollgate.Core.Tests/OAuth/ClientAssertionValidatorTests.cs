using System.Text.Json.Nodes;
using Tollgate.Core.Clients;
using Tollgate.Core.Keys;
using Tollgate.Core.OAuth;
using Tollgate.Core.Storage;
using Tollgate.Core.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Tollgate.Core.Tests.OAuth;

/// <summary>private_key_jwt through the decision engine's validator, with the assertion's own rules after it.</summary>
public sealed class ClientAssertionValidatorTests : IDisposable
{
    private const string Issuer = "https://issuer.example";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private readonly SigningKey _first = SigningKey.Generate("ES256");
    private readonly SigningKey _second = SigningKey.Generate("RS256");

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
    }

    private static ClientAssertionValidator Validator() => new(new ClientKeys(new HttpClient(), new FakeTimeProvider(Now)), new Replay(), new FixedIssuer(Issuer), new FakeTimeProvider(Now));

    private Client ClientWith(bool withKids = true) => new()
    {
        ClientId = "svc",
        Jwks = new JsonObject { ["keys"] = new JsonArray([.. new[] { _first, _second }.Select(k => Jwk(k, withKids))]) }.ToJsonString(),
    };

    private static JsonNode Jwk(SigningKey key, bool withKid)
    {
        var jwk = JsonNode.Parse(key.PublicJwk)!.AsObject();
        if (!withKid) jwk.Remove("kid");
        return jwk;
    }

    private static string Assertion(SigningKey key, string typ = "JWT", string? aud = Issuer + "/oauth2/token", string sub = "svc", TimeSpan? lifetime = null, string jti = "a1")
        => JwtWriter.Write(key, typ, json =>
        {
            json.WriteString("iss", "svc");
            json.WriteString("sub", sub);
            if (aud is not null) json.WriteString("aud", aud);
            json.WriteString("jti", jti);
            json.WriteNumber("iat", Now.ToUnixTimeSeconds());
            json.WriteNumber("exp", (Now + (lifetime ?? TimeSpan.FromMinutes(2))).ToUnixTimeSeconds());
        });

    [Fact]
    public async Task Validate_SignedByEitherRegisteredKey_IsAccepted()
    {
        var validator = Validator();
        Assert.Null(await validator.ValidateAsync(ClientWith(), Assertion(_first, jti: "one"), CancellationToken.None));
        Assert.Null(await validator.ValidateAsync(ClientWith(), Assertion(_second, jti: "two"), CancellationToken.None));
    }

    [Fact]
    public async Task Validate_KidNotInTheClientsSet_TriesEachRegisteredKey()
        => Assert.Null(await Validator().ValidateAsync(ClientWith(withKids: false), Assertion(_second), CancellationToken.None));

    [Theory]
    [InlineData("JWT")]
    [InlineData("client-authentication+jwt")]
    public async Task Validate_AnyTyp_IsAccepted(string typ)
        => Assert.Null(await Validator().ValidateAsync(ClientWith(), Assertion(_first, typ: typ), CancellationToken.None));

    [Fact]
    public async Task Validate_AssertionsOwnRules_AreEnforcedAfterTheSignature()
    {
        var validator = Validator();
        var client = ClientWith();
        Assert.StartsWith("assertion rejected: wrong_audience", await validator.ValidateAsync(client, Assertion(_first, aud: "https://elsewhere.example"), CancellationToken.None));
        Assert.StartsWith("assertion rejected: wrong_audience", await validator.ValidateAsync(client, Assertion(_first, aud: null), CancellationToken.None));
        Assert.Equal("sub is not the client id", await validator.ValidateAsync(client, Assertion(_first, sub: "other"), CancellationToken.None));
        Assert.Equal("assertion lives longer than five minutes", await validator.ValidateAsync(client, Assertion(_first, lifetime: TimeSpan.FromHours(1)), CancellationToken.None));
        Assert.StartsWith("assertion rejected: expired", await validator.ValidateAsync(client, Assertion(_first, lifetime: TimeSpan.FromSeconds(-31)), CancellationToken.None));
        Assert.Null(await validator.ValidateAsync(client, Assertion(_first, jti: "once"), CancellationToken.None));
        Assert.Equal("assertion replayed", await validator.ValidateAsync(client, Assertion(_first, jti: "once"), CancellationToken.None));
    }

    private sealed class Replay : IAssertionReplayStore
    {
        private readonly HashSet<string> _used = [];
        public Task<bool> TryUseAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken) => Task.FromResult(_used.Add(clientId + " " + jti));
        public Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
