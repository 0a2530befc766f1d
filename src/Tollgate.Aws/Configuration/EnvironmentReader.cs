using System.Globalization;
using Tollgate.Authorizer.Configuration;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Aws.Configuration;

/// <summary>Reads typed values from environment variables, collecting one error per bad value.</summary>
internal sealed class EnvironmentReader(IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>Every problem found, its path the variable (our name) it is about.</summary>
    public List<ValidationError> Errors { get; } = [];

    /// <summary>A problem with <paramref name="variable"/>; the message names the variables itself.</summary>
    public void Add(string variable, string code, string message) => Errors.Add(new(variable, code, message));

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? String(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Whether either name is set (without checking the value).</summary>
    public bool IsSet(EnvironmentNames.Alias alias) => String(alias.Name) is not null || String(alias.CompatibleName) is not null;

    /// <summary>The value under our name or the compatible one; both set to different values is an error.</summary>
    public string? String(EnvironmentNames.Alias alias)
    {
        var ours = String(alias.Name);
        var theirs = String(alias.CompatibleName);
        if (ours is not null && theirs is not null && !string.Equals(ours, theirs, StringComparison.Ordinal))
        {
            Add(alias.Name, Conflict, $"{alias.CompatibleName} and {alias.Name} are both set, to different values: set only one.");
        }
        return ours ?? theirs;
    }

    public IReadOnlyList<string> List(string? raw) =>
        raw is null ? [] : raw.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An absolute https URL (http only on a loopback host, for local testing).</summary>
    public Uri? Url(EnvironmentNames.Alias alias) => Url(alias.Name, alias.ToString(), String(alias));

    /// <inheritdoc cref="Url(EnvironmentNames.Alias)"/>
    public Uri? Url(string name) => Url(name, name, String(name));

    private Uri? Url(string name, string label, string? raw)
    {
        if (raw is null)
        {
            return null;
        }
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            Add(name, Invalid, $"{label} must be an absolute https URL (http is accepted only for localhost); got '{raw}'.");
            return null;
        }
        return uri;
    }

    public int? Integer(string name, int min, int max)
    {
        var raw = String(name);
        if (raw is null)
        {
            return null;
        }
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Add(name, OutOfRange, $"{name} must be a whole number from {min} to {max}; got '{raw}'.");
            return null;
        }
        return value;
    }

    public bool? Boolean(EnvironmentNames.Alias alias)
    {
        var raw = String(alias);
        switch (raw?.ToLowerInvariant())
        {
            case null: return null;
            case "true" or "1" or "yes": return true;
            case "false" or "0" or "no": return false;
            default:
                Add(alias.Name, Invalid, $"{alias} must be true or false; got '{raw}'.");
                return null;
        }
    }

    /// <summary>One of the enum's names, case-insensitive.</summary>
    public TEnum? Choice<TEnum>(string name, params TEnum[] allowed) where TEnum : struct, Enum
    {
        var raw = String(name);
        if (raw is null)
        {
            return null;
        }
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate.ToString(), raw, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
        var names = string.Join(", ", allowed.Select(a => a.ToString().ToLowerInvariant()));
        Add(name, Unknown, $"{name} must be one of {names}; got '{raw}'.");
        return null;
    }
}
