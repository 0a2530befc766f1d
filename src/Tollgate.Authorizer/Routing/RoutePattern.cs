namespace Tollgate.Authorizer.Routing;

/// <summary>A path pattern split into segments, ordered by specificity: literal, <c>{param}</c>, <c>*</c>, <c>**</c>.</summary>
internal sealed class RoutePattern
{
    public enum Kind { Literal = 0, Param = 1, Star = 2, DoubleStar = 3 }

    public readonly record struct Segment(Kind Kind, string Text);

    private RoutePattern(Segment[] segments) => Segments = segments;

    public Segment[] Segments { get; }

    /// <summary>Same shape whatever the parameter names: two rules with one shape and method clash.</summary>
    public string Shape => "/" + string.Join('/', Segments.Select(s => s.Kind switch
    {
        Kind.Literal => s.Text, Kind.Param => "{}", Kind.Star => "*", _ => "**",
    }));

    public static RoutePattern? Parse(string path, out string? error)
    {
        error = null;
        if (!path.StartsWith('/')) { error = "path must start with '/'"; return null; }
        if (path.IndexOfAny(['?', '#', '%']) >= 0) { error = "path must not hold '?', '#' or '%'"; return null; }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new Segment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part is "." or "..") { error = "path must not hold '.' or '..' segments"; return null; }
            if (part == "**")
            {
                if (i != parts.Length - 1) { error = "'**' may only be the last segment"; return null; }
                segments[i] = new Segment(Kind.DoubleStar, part);
            }
            else if (part == "*") segments[i] = new Segment(Kind.Star, part);
            else if (part.StartsWith('{') && part.EndsWith('}') && part.Length > 2 && part.AsSpan(1, part.Length - 2).IndexOfAny("{}*/") < 0)
                segments[i] = new Segment(Kind.Param, part);
            else if (part.AsSpan().IndexOfAny("{}*") >= 0) { error = $"segment '{part}' mixes text with '{{', '}}' or '*'"; return null; }
            else segments[i] = new Segment(Kind.Literal, part);
        }
        return new RoutePattern(segments);
    }

    /// <summary>Whether some path matches both patterns.</summary>
    public bool Overlaps(RoutePattern other) => Overlaps(Segments, other.Segments);

    private static bool Overlaps(ReadOnlySpan<Segment> a, ReadOnlySpan<Segment> b)
    {
        while (true)
        {
            if (a.IsEmpty && b.IsEmpty) return true;
            if ((!a.IsEmpty && a[0].Kind == Kind.DoubleStar) || (!b.IsEmpty && b[0].Kind == Kind.DoubleStar)) return true;
            if (a.IsEmpty || b.IsEmpty) return false;
            if (a[0].Kind == Kind.Literal && b[0].Kind == Kind.Literal && a[0].Text != b[0].Text) return false;
            a = a[1..];
            b = b[1..];
        }
    }

    /// <summary>
    /// Negative when this pattern wins over <paramref name="other"/> for a path both match: the
    /// first segment that differs in kind decides; a pattern that ends beats a trailing <c>**</c>.
    /// </summary>
    public int CompareSpecificity(RoutePattern other)
    {
        var n = Math.Min(Segments.Length, other.Segments.Length);
        for (var i = 0; i < n; i++)
        {
            var byKind = Segments[i].Kind.CompareTo(other.Segments[i].Kind);
            if (byKind != 0) return byKind;
        }
        // Same kinds so far: if one pattern ends here, the other goes on with '**' (or they do not
        // overlap at all), and a path ending here is matched by the ending pattern first.
        return Segments.Length == other.Segments.Length ? 0 : Segments.Length < other.Segments.Length ? -1 : 1;
    }
}
