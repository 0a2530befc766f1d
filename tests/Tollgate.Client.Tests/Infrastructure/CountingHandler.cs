using System.Collections.Concurrent;

namespace Tollgate.Client.Tests.Infrastructure;

/// <summary>Counts the requests on the client's backchannel, by path (token requests vs discovery), and keeps their DPoP proofs.</summary>
public sealed class RequestLog
{
    public ConcurrentQueue<string> Paths { get; } = new();
    public ConcurrentQueue<string> DpopProofs { get; } = new();
    public int TokenRequests(string tokenEndpoint) => Paths.Count(p => p == new Uri(tokenEndpoint).AbsolutePath);
    public int Discoveries => Paths.Count(p => p.StartsWith("/.well-known/", StringComparison.Ordinal));
}

public sealed class CountingHandler(RequestLog log) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        log.Paths.Enqueue(request.RequestUri!.AbsolutePath);
        if (request.Headers.TryGetValues("DPoP", out var proofs)) foreach (var proof in proofs) log.DpopProofs.Enqueue(proof);
        return base.SendAsync(request, cancellationToken);
    }
}
