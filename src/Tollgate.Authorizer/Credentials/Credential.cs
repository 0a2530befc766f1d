namespace Tollgate.Authorizer.Credentials;

/// <summary>The token found in a request, or the reason code for why there is none usable.</summary>
public readonly record struct Credential(string? Token, string? Reason, string? Detail = null)
{
    public bool Found => Token is not null;

    public static Credential Of(string token) => new(token, null);

    public static Credential Refused(string reason, string detail) => new(null, reason, detail);
}
