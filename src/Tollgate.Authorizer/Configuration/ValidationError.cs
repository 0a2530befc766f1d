namespace Tollgate.Authorizer.Configuration;

/// <summary>
/// One problem with a setting or a document, as data: the <see cref="Path"/> of what is wrong
/// (<c>Issuers[0].JwksUri</c>, <c>rules[2]</c>, <c>Tollgate:Keys:PrePublish</c>; empty for the whole document),
/// a stable <see cref="Code"/> (<see cref="Codes"/>) and a <see cref="Message"/> a person can act on.
/// Validators return these; each edge renders them (start-up errors, ProblemDetails <c>errors</c> keyed by path, CLI output).
/// </summary>
public sealed record ValidationError(string Path, string Code, string Message)
{
    /// <summary>The message continues the path as its subject ("Tollgate:Issuer must be…"), so it is rendered without a colon.</summary>
    public bool PathIsSubject { get; init; }

    /// <summary>A problem whose message reads as a sentence about the path: rendered "<c>Path Message</c>".</summary>
    public static ValidationError Sentence(string path, string code, string predicate) => new(path, code, predicate) { PathIsSubject = true };

    /// <summary>"<c>Path: Message</c>" (or just the message for the whole document), as the errors have always read.</summary>
    public override string ToString() => Path.Length == 0 ? Message : PathIsSubject ? $"{Path} {Message}" : $"{Path}: {Message}";

    /// <summary>Messages grouped by path, in the order found: the shape of a ProblemDetails <c>errors</c> member.</summary>
    /// <param name="documentKey">The key for errors about the whole document (empty path).</param>
    public static Dictionary<string, string[]> ByPath(IEnumerable<ValidationError> errors, string documentKey = "")
        => errors.GroupBy(e => e.Path.Length == 0 ? documentKey : e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>The codes validators use; callers may branch on them, the messages may change.</summary>
    public static class Codes
    {
        /// <summary>A value that must be given is missing or empty.</summary>
        public const string Required = "required";
        /// <summary>A value is not of the expected form (not a URL, not an origin, not hexadecimal…).</summary>
        public const string Invalid = "invalid";
        /// <summary>A number or duration is outside its allowed range.</summary>
        public const string OutOfRange = "out_of_range";
        /// <summary>A name (algorithm, provider, scope…) is not one of the known ones.</summary>
        public const string Unknown = "unknown";
        /// <summary>A value is known but refused on purpose (e.g. <c>none</c> or HS* algorithms).</summary>
        public const string NotAllowed = "not_allowed";
        /// <summary>The same thing is listed twice.</summary>
        public const string Duplicate = "duplicate";
        /// <summary>Two settings that cannot be used together, or one that needs another.</summary>
        public const string Conflict = "conflict";
        /// <summary>A named file does not exist or cannot be read.</summary>
        public const string NotFound = "not_found";
        /// <summary>The document cannot be parsed at all.</summary>
        public const string Syntax = "syntax";
    }
}
