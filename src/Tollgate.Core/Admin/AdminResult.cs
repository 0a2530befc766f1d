namespace Tollgate.Core.Admin;

public enum AdminOutcome { Ok, Created, NotFound, Conflict, Invalid }

/// <summary>The outcome of an admin command. Invalid input names each field and what was wrong.</summary>
public sealed record AdminResult<T>(AdminOutcome Outcome, T? Value = default, string? Message = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static AdminResult<T> Ok(T value) => new(AdminOutcome.Ok, value);
    public static AdminResult<T> Created(T value) => new(AdminOutcome.Created, value);
    public static AdminResult<T> NotFound(string message) => new(AdminOutcome.NotFound, Message: message);
    public static AdminResult<T> Conflict(string message) => new(AdminOutcome.Conflict, Message: message);
    public static AdminResult<T> Invalid(Validation errors) => new(AdminOutcome.Invalid, Errors: errors.Errors);
    public static AdminResult<T> Invalid(string field, string message) => Invalid(new Validation().Add(field, message));
}

/// <summary>Collects every problem with an input, field by field (snake_case names, as on the wire).</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Check(bool ok, string field, string message) => ok ? this : Add(field, message);
}
