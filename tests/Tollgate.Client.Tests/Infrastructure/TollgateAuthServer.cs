using System.Text.Json.Nodes;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Client.Tests.Infrastructure;

/// <summary>Tollgate on a real Kestrel port, with an API and three clients (basic, post, private_key_jwt) granted one scope.</summary>
public sealed class TollgateAuthServer : AuthServer
{
    private readonly KestrelHost _host = new();
    private string _audience = "", _basic = "", _post = "", _jwt = "";

    public override string Issuer => _host.Issuer;
    public override string TokenEndpoint => $"{_host.Issuer}/oauth2/token";
    public override string Audience => _audience;
    public override string AudienceParameter => "audience";
    public override string BasicClientId => _basic;
    public override string PostClientId => _post;
    public override string JwtClientId => _jwt;
    public override string Scope => "read:contacts";
    public override string UngrantedScope => "write:contacts";

    public override async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _audience = await _host.CreateApiAsync();
        _basic = await ClientWithSecretAsync("client_secret_basic");
        _post = await ClientWithSecretAsync("client_secret_post");
        var jwt = await _host.AdminOkAsync(HttpMethod.Post, "/admin/clients", new
        {
            client_name = "jwt client", token_endpoint_auth_method = "private_key_jwt", jwks = JsonNode.Parse($"{{\"keys\":[{PublicJwk()}]}}"),
        });
        _jwt = jwt["client_id"]!.GetValue<string>();
        foreach (var id in new[] { _basic, _post, _jwt }) await _host.GrantAsync(id, _audience, Scope);
    }

    private async Task<string> ClientWithSecretAsync(string method)
    {
        var (id, secret) = await _host.CreateClientAsync(method);
        _secrets[id] = secret;
        return id;
    }

    private readonly Dictionary<string, string> _secrets = [];

    public override string SecretOf(string clientId) => _secrets[clientId];

    public override async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await base.DisposeAsync();
    }
}
