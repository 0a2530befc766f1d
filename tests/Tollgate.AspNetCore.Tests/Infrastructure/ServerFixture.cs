using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Tollgate on Kestrel with a JWT API and an opaque-token API, the API's own client
/// (<c>allow_introspection</c>, for the feeds) and a caller granted <c>read:contacts</c> on both.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public KestrelHost Host { get; } = new();
    public string Audience { get; private set; } = "";
    public string OpaqueAudience { get; private set; } = "";
    public string OtherAudience { get; private set; } = "";
    public (string Id, string Secret) ApiClient { get; private set; }
    public (string Id, string Secret) Caller { get; private set; }

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        Audience = await Host.CreateApiAsync();
        OpaqueAudience = await Host.CreateApiAsync(format: "opaque");
        OtherAudience = await Host.CreateApiAsync();
        ApiClient = await Host.CreateClientAsync(introspect: true);
        Caller = await Host.CreateClientAsync();
        foreach (var audience in new[] { Audience, OpaqueAudience, OtherAudience }) await Host.GrantAsync(Caller.Id, audience, "read:contacts");
    }

    public Task<string> TokenAsync(string? audience = null) => Host.TokenAsync(Caller.Id, Caller.Secret, audience ?? Audience, "read:contacts");

    public Action<TollgateAuthenticationOptions> Options(Action<TollgateAuthenticationOptions>? more = null) => o =>
    {
        o.Authority = Host.Issuer;
        o.Audience = Audience;
        o.ClientId = ApiClient.Id;
        o.ClientSecret = ApiClient.Secret;
        o.RevocationInterval = TimeSpan.FromMilliseconds(200);
        o.RulesInterval = TimeSpan.FromMilliseconds(200);
        more?.Invoke(o);
    };

    public Task DisposeAsync() => Host.DisposeAsync();
}
