using System.Text;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Events;

namespace Tollgate.Aws.Rendering;

/// <summary>
/// Builds <c>execute-api</c> resource ARNs for the routes a credential may call, so that the policy
/// API Gateway caches per token answers for every route of the API and not only the first one called.
/// IAM wildcards have no "one segment" form: <c>{id}</c> becomes <c>*</c>, which also matches deeper
/// paths (see docs/aws.md, "Policies and the result cache").
/// </summary>
public static class PolicyResources
{
    /// <summary><c>GET /contacts/{id}</c> → <c>{prefix}GET/contacts/*</c>; <c>* /admin/**</c> → <c>{prefix}*/admin/*</c>.</summary>
    public static string FromRoute(string prefix, AllowedRoute route)
    {
        var method = route.Method.Trim();
        method = method is "*" || method.Equals("ANY", StringComparison.OrdinalIgnoreCase) ? "*" : method.ToUpperInvariant();
        return prefix + method + "/" + ToResourcePath(route.PathPattern);
    }

    /// <summary>The resources for <paramref name="routes"/>, deduplicated, in order.</summary>
    public static List<string> FromRoutes(ExecuteApiArn arn, IEnumerable<AllowedRoute> routes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var resources = new List<string>();
        foreach (var route in routes)
        {
            var resource = FromRoute(arn.Prefix, route);
            if (seen.Add(resource))
            {
                resources.Add(resource);
            }
        }
        return resources;
    }

    public static bool Covers(IEnumerable<string> resources, string arn) => resources.Any(r => IamWildcard.Matches(r, arn));

    /// <summary>Path pattern without its leading slash, each <c>{param}</c> and <c>**</c> as <c>*</c>.</summary>
    private static string ToResourcePath(string pattern)
    {
        var segments = pattern.Trim().TrimStart('/').Split('/');
        var builder = new StringBuilder();
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }
            builder.Append(ToResourceSegment(segments[i]));
        }
        return builder.ToString();
    }

    private static string ToResourceSegment(string segment)
    {
        var builder = new StringBuilder(segment.Length);
        var inParameter = false;
        foreach (var c in segment)
        {
            if (c == '{')
            {
                inParameter = true;
            }
            else if (c == '}' && inParameter)
            {
                inParameter = false;
                AppendStar(builder);
            }
            else if (!inParameter)
            {
                if (c == '*')
                {
                    AppendStar(builder);
                }
                else
                {
                    builder.Append(c);
                }
            }
        }
        if (inParameter)
        {
            AppendStar(builder); // unterminated "{name": treat as a parameter.
        }
        return builder.ToString();
    }

    private static void AppendStar(StringBuilder builder)
    {
        if (builder.Length == 0 || builder[^1] != '*')
        {
            builder.Append('*');
        }
    }
}
