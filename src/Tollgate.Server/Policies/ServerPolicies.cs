using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Policies;
using Tollgate.Core.Policies;

namespace Tollgate.Server.Policies;

/// <summary>
/// The catalog's policies, compiled: recompiled once when the catalog's policy dictionary is
/// replaced (an admin write here, or a change another node made), never per request. Serves
/// serve's <c>/decisions</c>, the warden, and the <c>/policies</c> feed document with its ETag.
/// </summary>
public sealed partial class ServerPolicies(Core.Catalog.Catalog catalog, ILogger<ServerPolicies> logger) : IPolicySetSource
{
    private readonly Lock _gate = new();
    private volatile Compiled? _compiled;

    public PolicySet Current => Get().Set;

    /// <summary>The policies as the feed serves them, and its strong ETag.</summary>
    public (string Document, string ETag) Document
    {
        get
        {
            var compiled = Get();
            return (compiled.Document, compiled.ETag);
        }
    }

    private Compiled Get()
    {
        var policies = catalog.Current.Policies;
        if (_compiled is { } current && ReferenceEquals(current.Source, policies)) return current;
        lock (_gate)
        {
            if (_compiled is { } raced && ReferenceEquals(raced.Source, policies)) return raced;
            var compiled = Compile(policies);
            _compiled = compiled;
            return compiled;
        }
    }

    private Compiled Compile(ImmutableSortedDictionary<string, AccessPolicy> policies)
    {
        var engine = policies.Values.Select(p => EnginePolicies.ToEngine(p)).ToList();
        PolicySet set;
        try
        {
            set = PolicySet.Compile(engine);
        }
        catch (PolicyException e)
        {
            // Checked on every write, so only a store written by another release gets here: fail
            // closed (no policy matches, every policy-governed request is refused) and say why.
            LogInvalid(logger, string.Join("; ", e.Errors));
            set = PolicySet.Empty;
            engine = [];
        }
        var document = PolicyDocument.Write(engine);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document)).AsSpan(0, 12)) + "\"";
        return new Compiled(policies, set, document, etag);
    }

    private sealed record Compiled(ImmutableSortedDictionary<string, AccessPolicy> Source, PolicySet Set, string Document, string ETag);

    [LoggerMessage(EventId = LogEvents.StoredPoliciesInvalid, Level = LogLevel.Error, Message = "The stored policies do not compile ({Errors}); refusing every policy-governed request until they are fixed")]
    private static partial void LogInvalid(ILogger logger, string errors);
}
