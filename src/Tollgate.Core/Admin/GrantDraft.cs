namespace Tollgate.Core.Admin;

public sealed record GrantDraft(string? ClientId, string? Audience, IReadOnlyList<string>? Scope);
