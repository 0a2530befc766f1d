using System.Text;

namespace Tollgate.Authorizer.Routing;

/// <summary>
/// A rule's resource, e.g. <c>resources:orders:{id}</c>: literal text and <c>{name}</c> parts, each
/// name a parameter of the rule's path. Rendering takes the parameter's segment from the request
/// path as sent (still percent-encoded, so an encoded ':' cannot fake another resource).
/// </summary>
internal sealed class ResourceTemplate
{
    /// <summary>Literal text, or the index of the path segment to substitute.</summary>
    private readonly (string? Text, int Segment)[] _parts;

    private ResourceTemplate((string?, int)[] parts) => _parts = parts;

    public static ResourceTemplate? Parse(string template, RoutePattern pattern, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(template)) { error = "must not be empty"; return null; }
        var parts = new List<(string?, int)>();
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = template.IndexOf('}', at);
            if (close >= 0 && (open < 0 || close < open)) { error = $"'{template}' has a '}}' without a '{{'"; return null; }
            if (open < 0) { parts.Add((template[at..], -1)); break; }
            if (open > at) parts.Add((template[at..open], -1));
            if (close < 0) { error = $"'{template}' has a '{{' without a '}}'"; return null; }
            var name = template[open..(close + 1)];
            var segment = Array.FindIndex(pattern.Segments, s => s.Kind == RoutePattern.Kind.Param && s.Text == name);
            if (segment < 0) { error = $"'{name}' is not a parameter of the rule's path"; return null; }
            parts.Add((null, segment));
            at = close + 1;
        }
        return new ResourceTemplate([.. parts]);
    }

    /// <summary>The resource for <paramref name="path"/>, a path this rule matched (query and fragment ignored).</summary>
    public string Render(string path)
    {
        var span = path.AsSpan();
        var end = span.IndexOfAny('?', '#');
        if (end >= 0) span = span[..end];
        Span<Range> ranges = stackalloc Range[64];
        var count = span.Split(ranges, '/', StringSplitOptions.RemoveEmptyEntries);
        var builder = new StringBuilder();
        foreach (var (text, segment) in _parts)
        {
            if (text is not null) builder.Append(text);
            else if (segment < count) builder.Append(span[ranges[segment]]);
        }
        return builder.ToString();
    }
}
