using Tollgate.Core.Apis;
using Tollgate.Core.Clients;

namespace Tollgate.Core.TokenEndpoint;

/// <summary>
/// What a grant decided to issue, for <see cref="GrantSteps.IssueAsync"/>: a token of
/// <see cref="Client"/> for <see cref="Api"/> with <see cref="Scope"/> (already narrowed), bound
/// to a DPoP key (<see cref="DpopJkt"/>) or a TLS client certificate (<see cref="CertificateThumbprint"/>) when set.
/// </summary>
public sealed record TokenPlan(Client Client, Api Api, string Scope, string? DpopJkt, string? CertificateThumbprint);
