using Tollgate.Core.Apis;

namespace Tollgate.Core.Admin;

/// <summary>An API as sent by an administrator: null means "not given" (default on create, unchanged on update).</summary>
public sealed record ApiDraft(
    string? Identifier,
    string? Name,
    IReadOnlyList<ApiScope>? Scopes,
    string? TokenFormat,
    string? SigningAlg,
    int? AccessTokenLifetime,
    /// <summary>DPoP-bound tokens only.</summary>
    bool? RequireDpop = null);
