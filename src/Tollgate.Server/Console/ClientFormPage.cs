using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Tollgate.Core.Admin;
using Tollgate.Core.Clients;

namespace Tollgate.Server.Console;

/// <summary>The client form shared by create and edit, with the admin API's field names.</summary>
public abstract class ClientFormPage : ConsolePage
{
    public override string Section => "clients";

    [BindProperty(Name = "client_name")] public string? ClientName { get; set; }
    [BindProperty(Name = "token_endpoint_auth_method")] public string? AuthMethod { get; set; }
    [BindProperty(Name = "access_token_lifetime")] public string? Lifetime { get; set; }
    [BindProperty(Name = "allowed_origins")] public string? Origins { get; set; }
    [BindProperty(Name = "metadata")] public string? Metadata { get; set; }
    [BindProperty(Name = "allow_introspection")] public bool AllowIntrospection { get; set; }
    [BindProperty(Name = "jwks_uri")] public string? JwksUri { get; set; }

    protected void Show(Client client)
    {
        ClientName = client.ClientName;
        AuthMethod = client.TokenEndpointAuthMethod;
        Lifetime = client.AccessTokenLifetime?.ToString(CultureInfo.InvariantCulture);
        Origins = string.Join('\n', client.AllowedOrigins);
        Metadata = client.Metadata;
        AllowIntrospection = client.AllowIntrospection;
        JwksUri = client.JwksUri;
    }

    /// <summary>The draft the admin operations take, or null when the form itself is malformed (the errors say where).</summary>
    protected ClientDraft? ReadDraft(string? clientId)
    {
        int? lifetime = null;
        if (!string.IsNullOrWhiteSpace(Lifetime))
        {
            if (int.TryParse(Lifetime, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) lifetime = seconds;
            else AddErrors("access_token_lifetime", ["must be a whole number of seconds."]);
        }
        if (Errors.Count > 0) return null;
        var origins = (Origins ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ClientDraft(clientId, ClientName?.Trim() ?? "", AuthMethod, null, lifetime, origins,
            string.IsNullOrWhiteSpace(Metadata) ? "{}" : Metadata.Trim(), AllowIntrospection,
            JwksUri: string.IsNullOrWhiteSpace(JwksUri) ? null : JwksUri.Trim());
    }

    public static IReadOnlyList<(string Value, string Text)> Methods { get; } =
    [
        (AuthMethods.ClientSecretBasic, "client_secret_basic (HTTP Basic)"), (AuthMethods.ClientSecretPost, "client_secret_post (form body)"),
        (AuthMethods.PrivateKeyJwt, "private_key_jwt (signed assertion; no secret)"),
        // RFC 8705: the certificate's subject (tls_client_auth) is set through the admin API or tollgate apply; saving here keeps it.
        (AuthMethods.TlsClientAuth, "tls_client_auth (CA-issued client certificate)"),
        (AuthMethods.SelfSignedTlsClientAuth, "self_signed_tls_client_auth (certificate of a key in the JWKS)"),
    ];
}
