namespace Tollgate.Core.Admin;

/// <summary>A policy as sent by an administrator; null fields are left as they are on update. JSON fields arrive as raw text.</summary>
public sealed record PolicyDraft(string? Id, string? Description, IReadOnlyList<string>? Subjects, string? Effect,
    IReadOnlyList<string>? Resources, IReadOnlyList<string>? Actions, string? Conditions, string? Meta);
