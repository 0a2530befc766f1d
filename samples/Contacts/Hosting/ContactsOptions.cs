namespace Contacts.Hosting;

/// <summary>The <c>Contacts</c> configuration section.</summary>
public sealed class ContactsOptions
{
    public const string Section = "Contacts";

    /// <summary>The SQLite file; created on first start.</summary>
    public string Database { get; set; } = "contacts.db";

    /// <summary>The header the gateway sets to the authenticated client id.</summary>
    public string ClientIdHeader { get; set; } = "X-Client-Id";

    /// <summary>The header the gateway sets to the token's scopes (space-separated); logged only.</summary>
    public string ScopesHeader { get; set; } = "X-Scopes";
}
