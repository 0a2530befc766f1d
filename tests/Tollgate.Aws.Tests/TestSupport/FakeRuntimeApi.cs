using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>
/// A local HTTP server that behaves as the Lambda Runtime API (2018-06-01) is documented: <c>next</c>
/// blocks until an event is queued and sends it with the invocation headers; response, error and
/// init-error posts are answered 202 and recorded.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Root = "/2018-06-01/runtime/";
    private readonly HttpListener listener = new();
    private readonly Channel<QueuedInvocation> invocations = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly Channel<PostedRequest> posts = Channel.CreateUnbounded<PostedRequest>();
    private readonly CancellationTokenSource stop = new();
    private readonly Task acceptLoop;

    public FakeRuntimeApi()
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        acceptLoop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>The value Lambda puts in AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public int NextCalls;

    public void Enqueue(string requestId, byte[] payload, DateTimeOffset? deadline = null, string? traceId = null) =>
        invocations.Writer.TryWrite(new QueuedInvocation(requestId, payload, deadline ?? DateTimeOffset.UtcNow.AddSeconds(30), traceId));

    /// <summary>The next POST the runtime made, in order.</summary>
    public async Task<PostedRequest> NextPostAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await posts.Reader.ReadAsync(cts.Token);
    }

    public bool TryTakePost(out PostedRequest? post) => posts.Reader.TryRead(out post);

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = request.Url!.AbsolutePath;
            if (request.HttpMethod == "GET" && path == Root + "invocation/next")
            {
                Interlocked.Increment(ref NextCalls);
                var invocation = await invocations.Reader.ReadAsync(stop.Token);
                response.StatusCode = 200;
                response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
                response.Headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:tollgate-authorizer";
                if (invocation.TraceId is not null)
                {
                    response.Headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
                }
                response.ContentType = "application/json";
                await response.OutputStream.WriteAsync(invocation.Payload);
            }
            else if (request.HttpMethod == "POST" && path.StartsWith(Root, StringComparison.Ordinal))
            {
                using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                posts.Writer.TryWrite(new PostedRequest(path[Root.Length..], request.Headers["Lambda-Runtime-Function-Error-Type"],
                    request.ContentType, body));
                response.StatusCode = 202;
                await response.OutputStream.WriteAsync("{\"status\":\"OK\"}"u8.ToArray());
            }
            else
            {
                response.StatusCode = 404;
            }
            response.Close();
        }
        catch (Exception)
        {
            try
            {
                response.Abort();
            }
            catch (Exception)
            {
                // Already gone.
            }
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        try
        {
            await acceptLoop;
        }
        catch (Exception)
        {
            // Stopping.
        }
        stop.Dispose();
    }

    private sealed record QueuedInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline, string? TraceId);
}

/// <summary>A POST to the Runtime API: <c>Path</c> is relative to <c>/2018-06-01/runtime/</c>.</summary>
public sealed record PostedRequest(string Path, string? ErrorTypeHeader, string? ContentType, string Body)
{
    /// <summary>The <c>errorMessage</c> of an <c>init/error</c> post (asserts that it is one).</summary>
    public string InitErrorMessage()
    {
        Assert.Equal("init/error", Path);
        using var body = System.Text.Json.JsonDocument.Parse(Body);
        return body.RootElement.GetProperty("errorMessage").GetString()!;
    }
}
