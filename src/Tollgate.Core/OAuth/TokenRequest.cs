namespace Tollgate.Core.OAuth;

/// <summary>
/// A token request after the host has read it off the wire (form or JSON body). <see cref="DpopJkt"/>
/// is the thumbprint of the key of a DPoP proof the host has validated (RFC 9449): the token is bound to it.
/// <see cref="CertificateThumbprint"/> is the <c>x5t#S256</c> of the connection's TLS client certificate, when
/// there is one (RFC 8705): a client registered for certificate-bound tokens gets its token bound to it.
/// <see cref="SourceAddress"/> is the caller's address, for the failed-authentication lockout.
/// </summary>
public sealed record TokenRequest(
    string? GrantType,
    ClientCredential? Credential,
    string? Audience,
    string? Resource,
    string? Scope,
    string? DpopJkt = null,
    string? CertificateThumbprint = null,
    string? SourceAddress = null);
