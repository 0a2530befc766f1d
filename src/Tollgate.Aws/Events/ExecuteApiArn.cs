namespace Tollgate.Aws.Events;

/// <summary>
/// An API Gateway method or route ARN:
/// <c>arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{resource path}</c>.
/// <see cref="Prefix"/> is everything up to and including <c>{stage}/</c>, the part every
/// resource of the same API and stage shares.
/// </summary>
public sealed record ExecuteApiArn(string Arn, string Prefix, string ApiId, string Stage, string Method, string Path)
{
    public static ExecuteApiArn? TryParse(string? arn)
    {
        if (string.IsNullOrWhiteSpace(arn))
        {
            return null;
        }
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "execute-api" || parts[1].Length == 0)
        {
            return null;
        }
        // {apiId}/{stage}/{METHOD}/{resource path...}
        var segments = parts[5].Split('/', 4);
        if (segments.Length < 3 || segments[0].Length == 0 || segments[1].Length == 0 || segments[2].Length == 0)
        {
            return null;
        }
        var path = "/" + (segments.Length == 4 ? segments[3] : "");
        var prefix = arn[..(arn.Length - parts[5].Length)] + segments[0] + "/" + segments[1] + "/";
        return new ExecuteApiArn(arn, prefix, segments[0], segments[1], segments[2].ToUpperInvariant(), path);
    }
}
