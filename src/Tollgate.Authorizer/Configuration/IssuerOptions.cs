namespace Tollgate.Authorizer.Configuration;

/// <summary>
/// A trusted token issuer: its exact <c>iss</c>, where its keys are (discovered from the issuer
/// when <see cref="JwksUri"/> is not given), and the audiences accepted from it.
/// </summary>
public sealed record IssuerOptions
{
    public required string Issuer { get; init; }
    public string? JwksUri { get; init; }
    public IReadOnlyList<string> Audiences { get; init; } = [];
}
