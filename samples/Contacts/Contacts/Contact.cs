namespace Contacts.Contacts;

/// <summary>A stored contact, as the API returns it (snake_case on the wire).</summary>
public sealed record Contact(
    long Id,
    string Name,
    string? Email,
    string? Phone,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A validated, normalised contact body for create and replace.</summary>
public sealed record ContactDraft(string Name, string? Email, string? Phone);

/// <summary>The fields a client may send; read-only fields are listed so they can be refused by name.</summary>
public sealed record ContactInput(string? Name, string? Email, string? Phone)
{
    public static readonly string[] ReadOnlyFields = ["id", "created_by", "created_at", "updated_at"];
}

/// <summary>One page of contacts; <c>next_cursor</c> is null on the last page.</summary>
public sealed record ContactPage(IReadOnlyList<Contact> Items, string? NextCursor);
