using System.Net;
using System.Text;
using CoreRevocation = Tollgate.Core.Revocation.Revocation;
using Tollgate.Authorizer.Revocation;
using Tollgate.Core.Revocation;

namespace Tollgate.Authorizer.Tests.Revocation;

/// <summary>
/// The server's <c>GET /revocations</c> in process: entries are Tollgate.Core revocations written
/// by the server's writer (<see cref="RevocationFeedFormat"/>), versions are their sequence numbers, <c>ETag</c>/<c>If-None-Match</c>
/// and <c>limit</c>/<c>more</c> behave as in RevocationFeedEndpoint. Records every request;
/// can be down, or hold answers until released. Unlike the server it never filters expired entries.
/// Requests to other URLs (a loopback JWKS) go to the network.
/// </summary>
public sealed class FakeFeed() : DelegatingHandler(new SocketsHttpHandler())
{
    public const string Url = "http://127.0.0.1:9/revocations";
    private readonly List<CoreRevocation> _entries = [];
    private readonly List<FeedRequest> _requests = [];

    public bool Down { get; set; }
    /// <summary>When set, every answer waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }
    public int MaxLimit { get; set; } = 50_000;
    public long Version { get { lock (_entries) return _entries.Count; } }

    public IReadOnlyList<FeedRequest> Requests { get { lock (_requests) return [.. _requests]; } }

    public CoreRevocation Add(CoreRevocation entry)
    {
        lock (_entries)
        {
            entry = entry with { Seq = _entries.Count + 1 };
            _entries.Add(entry);
            return entry;
        }
    }

    public void AddTokens(IEnumerable<string> jtis, DateTimeOffset expires)
    {
        lock (_entries)
            foreach (var jti in jtis)
                _entries.Add(new CoreRevocation { Seq = _entries.Count + 1, Kind = RevocationKind.Token, Jti = jti, ClientId = "svc", ExpiresAt = expires });
    }

    /// <summary>Forgets every entry and restarts versions at 1 (a server restored from an older backup).</summary>
    public void Reset() { lock (_entries) _entries.Clear(); }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.RequestUri!.AbsoluteUri.StartsWith(Url, StringComparison.Ordinal)) return await base.SendAsync(request, cancellationToken);
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var since = long.Parse(query["since"] ?? "0");
        var limit = Math.Min(MaxLimit, int.Parse(query["limit"] ?? "10000"));
        var ifNoneMatch = request.Headers.TryGetValues("If-None-Match", out var values) ? values.Single() : null;
        lock (_requests) _requests.Add(new FeedRequest(since, limit, ifNoneMatch, request.Headers.Authorization?.ToString()));
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Down) throw new HttpRequestException("connection refused (the test took the feed down)");

        List<CoreRevocation> page;
        long version;
        lock (_entries)
        {
            version = _entries.Count;
            page = [.. _entries.Where(e => e.Seq > since).Take(limit)];
        }
        var etag = $"\"{version}\"";
        if (ifNoneMatch == etag && since >= version) return WithETag(new HttpResponseMessage(HttpStatusCode.NotModified), etag);
        var more = page.Count == limit;
        return WithETag(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Write(more ? page[^1].Seq : version, more, page)) }, etag);
    }

    private static HttpResponseMessage WithETag(HttpResponseMessage response, string etag)
    {
        response.Headers.TryAddWithoutValidation("ETag", etag);
        return response;
    }

    /// <summary>The page as RevocationFeedEndpoint writes it: the same writer.</summary>
    public static byte[] Write(long version, bool more, IEnumerable<CoreRevocation> entries)
        => RevocationFeedFormat.Page(version, more, entries.Select(e => e.ToFeedEntry()));

    public static string Basic(string clientId, string secret) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"));
}

public sealed record FeedRequest(long Since, int Limit, string? IfNoneMatch, string? Authorization);
