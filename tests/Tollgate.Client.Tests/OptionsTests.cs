using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tollgate.Client.Tests;

/// <summary>Misconfiguration is reported on the first call, naming every setting at fault, before any request leaves.</summary>
public sealed class OptionsTests
{
    [Fact]
    public async Task InvalidOptions_FailTheFirstCall_NamingEachSetting()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient("api", c => c.BaseAddress = new Uri("http://127.0.0.1:1")).AddClientCredentialsToken(o =>
        {
            o.AuthenticationMethod = ClientAuthenticationMethod.PrivateKeyJwt;
            o.RenewBefore = TimeSpan.FromSeconds(-1);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => client.GetAsync("/"));

        Assert.Contains(e.Failures, f => f.Contains("TokenEndpoint or Authority", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("ClientId", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("SigningKey", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("RenewBefore", StringComparison.Ordinal));
        Assert.All(e.Failures, f => Assert.StartsWith("client-credentials options of 'api'", f));
    }

    [Theory]
    [InlineData("key-without-dpop", "DpopKey and DpopAlgorithm need Dpop = true")]
    [InlineData("p384", "does not fit DpopKey")]
    [InlineData("rsa1024", "at least 2048 bits")]
    [InlineData("hs256", "DpopAlgorithm 'HS256' is not ES256, RS256 or PS256")]
    [InlineData("es256-for-rsa", "does not fit DpopKey")]
    public async Task InvalidDpopOptions_FailTheFirstCall_NamingTheSetting(string problem, string expected)
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa1024 = RSA.Create(1024);
        using var rsa = RSA.Create(2048);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHttpClient("api", c => c.BaseAddress = new Uri("http://127.0.0.1:1")).AddClientCredentialsToken(o =>
        {
            o.TokenEndpoint = new Uri("http://127.0.0.1:1/token");
            o.ClientId = "c";
            o.ClientSecret = "s";
            switch (problem)
            {
                case "key-without-dpop": o.DpopKey = rsa; break;
                case "p384": o.UseDpop(p384); break;
                case "rsa1024": o.UseDpop(rsa1024); break;
                case "hs256": o.UseDpop(null, "HS256"); break;
                case "es256-for-rsa": o.UseDpop(rsa, "ES256"); break;
            }
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("api");

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => client.GetAsync("/"));

        Assert.Contains(e.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
