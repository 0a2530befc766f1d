namespace Tollgate.Core.OAuth;

/// <summary>A token request after the host has read it off the wire (form or JSON body).</summary>
public sealed record TokenRequest(
    string? GrantType,
    ClientCredential? Credential,
    string? Audience,
    string? Resource,
    string? Scope);
