using System.Net;
using System.Text;

namespace Tollgate.Authorizer.Tests.Support;

/// <summary>An in-process HTTP handler for counting requests, simulating outages and holding answers back.</summary>
public sealed class StubHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);
    public List<string> Paths { get; } = [];

    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Paths) Paths.Add(request.RequestUri!.AbsolutePath);
        return answer(request);
    }
}
