using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Client.Tests.Dpop;

/// <summary>
/// Tollgate on a real Kestrel port with <c>Tollgate:Dpop:RequireNonce=true</c> (every token request
/// without a current nonce is answered <c>use_dpop_nonce</c>), an API issuing JWTs and a
/// client_secret_basic client granted <c>read:contacts</c>.
/// </summary>
public sealed class DpopAuthServer : IAsyncLifetime
{
    private readonly NonceHost _host = new();

    public string ClientId { get; private set; } = "";
    public string Secret { get; private set; } = "";
    public string Audience { get; private set; } = "";
    public Uri TokenEndpoint => new($"{_host.Issuer}/oauth2/token");
    public Uri Issuer => new(_host.Issuer);
    /// <summary>The server's clock; the client and the resource server use it too, so proofs are never early or late.</summary>
    public TimeProvider Time => _host.Time;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        Audience = await _host.CreateApiAsync();
        (ClientId, Secret) = await _host.CreateClientAsync();
        await _host.GrantAsync(ClientId, Audience, "read:contacts");
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    public void Configure(ClientCredentialsOptions o)
    {
        o.TokenEndpoint = TokenEndpoint;
        o.ClientId = ClientId;
        o.ClientSecret = Secret;
        o.Audience = Audience;
        o.Scope = "read:contacts";
    }

    private sealed class NonceHost() : TollgateHost(null)
    {
        protected override bool UseKestrel => true;

        protected override void Configure(Dictionary<string, string?> settings) => settings["Tollgate:Dpop:RequireNonce"] = "true";
    }
}
