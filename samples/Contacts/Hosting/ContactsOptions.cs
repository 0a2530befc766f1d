using Contacts.Protection;

namespace Contacts.Hosting;

/// <summary>The <c>Contacts</c> configuration section.</summary>
public sealed class ContactsOptions
{
    public const string Section = "Contacts";

    /// <summary>Who authorizes requests: the gateway in front (default) or the API itself with Tollgate.AspNetCore (<c>Contacts:Tollgate:*</c>).</summary>
    public ProtectionMode Protection { get; set; } = ProtectionMode.Gateway;

    /// <summary>The SQLite file; created on first start.</summary>
    public string Database { get; set; } = "contacts.db";

    /// <summary>The header the gateway sets to the authenticated client id (ignored in <see cref="ProtectionMode.Tollgate"/>).</summary>
    public string ClientIdHeader { get; set; } = "X-Client-Id";

    /// <summary>The header the gateway sets to the token's scopes (space-separated); logged only.</summary>
    public string ScopesHeader { get; set; } = "X-Scopes";
}
