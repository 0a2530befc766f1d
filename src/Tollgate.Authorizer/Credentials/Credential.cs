namespace Tollgate.Authorizer.Credentials;

/// <summary>How the token was presented: <c>Bearer</c> (or a bare token) or RFC 9449 <c>DPoP</c>.</summary>
public enum CredentialScheme
{
    Bearer,
    DPoP,
}

/// <summary>The token found in a request and its scheme, or the reason code for why there is none usable.</summary>
public readonly record struct Credential(string? Token, string? Reason, string? Detail = null, CredentialScheme Scheme = CredentialScheme.Bearer)
{
    public bool Found => Token is not null;

    public static Credential Of(string token, CredentialScheme scheme = CredentialScheme.Bearer) => new(token, null, null, scheme);

    public static Credential Refused(string reason, string detail) => new(null, reason, detail);
}
