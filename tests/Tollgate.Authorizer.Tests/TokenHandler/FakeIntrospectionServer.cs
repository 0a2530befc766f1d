using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tollgate.Authorizer.Tests.TokenHandler;

/// <summary>What the fake introspection endpoint answers; a delay simulates a slow or hung server.</summary>
public sealed record IntrospectionAnswer(int Status, string ContentType, string Body, TimeSpan Delay = default);

/// <summary>One request the fake endpoint received.</summary>
public sealed record IntrospectionCall(string Body, string? Authorization, string? Accept);

/// <summary>A real loopback HTTP introspection endpoint (<c>POST /oauth2/introspect</c>) whose answers the test scripts.</summary>
public sealed class FakeIntrospectionServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public FakeIntrospectionServer(Func<IntrospectionCall, IntrospectionAnswer> answer)
    {
        Answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/oauth2/introspect";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }
    public Func<IntrospectionCall, IntrospectionAnswer> Answer { get; set; }
    public List<IntrospectionCall> Calls { get; } = [];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var call = new IntrospectionCall(await reader.ReadToEndAsync(), context.Request.Headers["Authorization"], context.Request.Headers["Accept"]);
            lock (Calls) Calls.Add(call);
            var answer = Answer(call);
            if (answer.Delay > TimeSpan.Zero) await Task.Delay(answer.Delay, _stop.Token);
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // the client gave up (timeout test) or the server is stopping
        }
    }

    public int CallCount { get { lock (Calls) return Calls.Count; } }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
