using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.Authorizer.Policies;

/// <summary>
/// One subject, action or resource entry, compiled: an entry without <c>&lt;</c> must equal the
/// value exactly; otherwise its literal parts are escaped, its <c>&lt;…&gt;</c> parts are regular
/// expressions, and the whole is anchored. Regexes run with <see cref="RegexOptions.NonBacktracking"/>
/// (linear time whatever the input) and are compiled once, when the policy set is.
/// </summary>
internal sealed class Template
{
    private const string AnyTail = "^(?:.*)\\z";
    private const int MaxCachedRegexes = 20_000;
    // Building a non-backtracking regex costs milliseconds; policies share few shapes, so one
    // regex per distinct pattern (over the text after the literal prefix) serves them all.
    private static readonly ConcurrentDictionary<string, Regex> Regexes = new(StringComparer.Ordinal);
    private readonly Regex? _regex;
    private readonly bool _anyTail;
    private readonly bool _exact;

    private Template(string text, string prefix, Regex? regex, bool anyTail, bool exact)
    {
        Text = text;
        LiteralPrefix = prefix;
        _regex = regex;
        _anyTail = anyTail;
        _exact = exact;
    }

    public string Text { get; }
    /// <summary>What every matching value starts with: the text before the first <c>&lt;</c> (all of it when exact).</summary>
    public string LiteralPrefix { get; }
    public bool IsExact => _exact;

    public bool Matches(string value)
    {
        if (_exact) return string.Equals(Text, value, StringComparison.Ordinal);
        if (!value.StartsWith(LiteralPrefix, StringComparison.Ordinal)) return false;
        var rest = value.AsSpan(LiteralPrefix.Length);
        // "prefix<.*>": '.' is any character but a newline, as in the regex it stands for.
        return _anyTail ? !rest.Contains('\n') : _regex!.IsMatch(rest);
    }

    /// <summary>Compiles <paramref name="text"/>; null with <paramref name="error"/> for unbalanced delimiters or a bad regex.</summary>
    public static Template? Parse(string text, out string? error)
    {
        error = null;
        var open = text.IndexOf('<');
        if (open < 0)
        {
            if (text.Contains('>')) { error = $"'{text}' has a '>' without a '<' before it"; return null; }
            return new Template(text, text, null, false, true);
        }

        // Ladon's delimiters nest: "<[a-z]{1,3}<x>>" is one expression, so count depth. The
        // literal prefix is checked apart, so the regex covers only what follows it.
        var pattern = new StringBuilder("^");
        var depth = 0;
        var start = open;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<')
            {
                if (depth++ == 0)
                {
                    pattern.Append(Regex.Escape(text[start..i]));
                    start = i + 1;
                }
            }
            else if (c == '>')
            {
                if (depth == 0) { error = $"'{text}' has a '>' at position {i} without a matching '<'"; return null; }
                if (--depth == 0)
                {
                    pattern.Append("(?:").Append(text, start, i - start).Append(')');
                    start = i + 1;
                }
            }
        }
        if (depth != 0) { error = $"'{text}' has a '<' without a matching '>'"; return null; }
        pattern.Append(Regex.Escape(text[start..])).Append("\\z"); // \z, not $: "$" also matches before a final newline
        var source = pattern.ToString();
        if (source == AnyTail) return new Template(text, text[..open], null, true, false);

        try
        {
            if (!Regexes.TryGetValue(source, out var regex))
            {
                regex = new Regex(source, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
                if (Regexes.Count >= MaxCachedRegexes) Regexes.Clear();
                Regexes[source] = regex;
            }
            return new Template(text, text[..open], regex, false, false);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            error = $"'{text}' holds an invalid or unsupported regular expression: {e.Message}";
            return null;
        }
    }
}
