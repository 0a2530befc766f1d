using System.Net.Mail;

namespace Contacts.Contacts;

/// <summary>
/// Validates a contact body and normalises it (trimmed; empty optional fields become null).
/// Every problem is reported at once, keyed by the field's wire name.
/// </summary>
public static class ContactRules
{
    public const int NameMaxLength = 200;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 40;

    public static (ContactDraft? Draft, Dictionary<string, string[]>? Errors) Validate(ContactInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim();
        var email = Blank(input.Email);
        var phone = Blank(input.Phone);

        if (string.IsNullOrEmpty(name))
            errors["name"] = ["is required."];
        else if (name.Length > NameMaxLength)
            errors["name"] = [$"must be at most {NameMaxLength} characters (got {name.Length})."];

        if (email is not null && !IsEmail(email))
            errors["email"] = [$"must be an email address like name@example.com, at most {EmailMaxLength} characters."];

        if (phone is not null && !IsPhone(phone))
            errors["phone"] = [$"must be at most {PhoneMaxLength} characters of digits, spaces and + - ( ) ., with at least one digit."];

        return errors.Count > 0 ? (null, errors) : (new ContactDraft(name!, email, phone), null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsEmail(string value)
        => value.Length <= EmailMaxLength
           && MailAddress.TryCreate(value, out var address)
           && address.Address == value
           && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool IsPhone(string value)
        => value.Length <= PhoneMaxLength
           && value.Any(char.IsAsciiDigit)
           && value.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.');
}
