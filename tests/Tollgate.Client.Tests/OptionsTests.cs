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
}
