using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tollgate.Aws.Secrets;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>
/// A local stand-in for AWS Secrets Manager <c>GetSecretValue</c> and Systems Manager <c>GetParameter</c> as their API
/// references document them: <c>POST /</c> with <c>X-Amz-Target</c>, an <c>application/x-amz-json-1.1</c> body, errors as
/// <c>{"__type": "...", "message": "..."}</c> with 400. Each request's SigV4 signature is recomputed from the known
/// credentials and checked (service and region in the scope included); a bad one is answered 403 as AWS does.
/// </summary>
public sealed class FakeAwsSecrets : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDTOLLGATETEST", SecretAccessKey = "tollgate/test/secret/access/key", SessionToken = "session-token-for-tests";
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public FakeAwsSecrets(string region = "eu-west-1")
    {
        Region = region;
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public string Region { get; }
    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>Secrets Manager secrets by name (and by the ARN form).</summary>
    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);
    /// <summary>Parameter Store parameters by name.</summary>
    public ConcurrentDictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);
    /// <summary>Ids the function's role may not read (AccessDeniedException).</summary>
    public ConcurrentBag<string> Denied { get; } = [];
    /// <summary>Every request: the target, the id asked for, and whether its signature was right.</summary>
    public ConcurrentQueue<(string Target, string Id, bool SignatureValid, bool HadSessionToken)> Requests { get; } = new();

    /// <summary>The environment a function with this fake as its AWS needs.</summary>
    public Dictionary<string, string?> Environment() => new(StringComparer.Ordinal)
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey, ["AWS_SESSION_TOKEN"] = SessionToken,
        ["AWS_REGION"] = Region, ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = Url, ["AWS_ENDPOINT_URL_SSM"] = Url,
    };

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            try { await AnswerAsync(context); }
            catch (Exception) { context.Response.Abort(); }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.InputStream.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var target = request.Headers["X-Amz-Target"] ?? "";
        var service = target.StartsWith("secretsmanager.", StringComparison.Ordinal) ? "secretsmanager" : "ssm";
        var valid = SignatureIsValid(request, body, service);
        using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
        var id = target switch
        {
            "secretsmanager.GetSecretValue" => document.RootElement.TryGetProperty("SecretId", out var s) ? s.GetString() ?? "" : "",
            "AmazonSSM.GetParameter" => document.RootElement.TryGetProperty("Name", out var n) ? n.GetString() ?? "" : "",
            _ => "",
        };
        Requests.Enqueue((target, id, valid, request.Headers["X-Amz-Security-Token"] == SessionToken));

        if (!valid) { await WriteAsync(context, 403, """{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match."}"""); return; }
        if (Denied.Contains(id)) { await WriteAsync(context, 400, """{"__type":"AccessDeniedException","message":"not authorized"}"""); return; }
        switch (target)
        {
            case "secretsmanager.GetSecretValue" when Secrets.TryGetValue(id, out var secret):
                await WriteAsync(context, 200, JsonSerializer.Serialize(new Dictionary<string, string> { ["ARN"] = id, ["Name"] = id, ["SecretString"] = secret }));
                return;
            case "secretsmanager.GetSecretValue":
                await WriteAsync(context, 400, """{"__type":"ResourceNotFoundException","message":"Secrets Manager can't find the specified secret."}""");
                return;
            case "AmazonSSM.GetParameter" when Parameters.TryGetValue(id, out var value) && document.RootElement.TryGetProperty("WithDecryption", out var d) && d.GetBoolean():
                await WriteAsync(context, 200, JsonSerializer.Serialize(new { Parameter = new { Name = id, Type = "SecureString", Value = value, Version = 1 } }));
                return;
            case "AmazonSSM.GetParameter":
                await WriteAsync(context, 400, """{"__type":"ParameterNotFound","message":""}""");
                return;
            default:
                await WriteAsync(context, 400, """{"__type":"UnknownOperationException"}""");
                return;
        }
    }

    private bool SignatureIsValid(HttpListenerRequest request, byte[] body, string service)
    {
        var authorization = request.Headers["Authorization"];
        var amzDate = request.Headers["X-Amz-Date"];
        if (authorization is null || amzDate is null) return false;
        var signedNames = authorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var headers = signedNames.ToDictionary(n => n, n => n == "host" ? request.Headers["Host"] ?? "" : request.Headers[n] ?? "", StringComparer.Ordinal);
        var credentials = new AwsCredentials(AccessKeyId, SecretAccessKey, SessionToken);
        var expected = SigV4.Authorization(request.HttpMethod, request.Url!.AbsolutePath, "", headers,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), credentials, Region, service, amzDate);
        return string.Equals(expected, authorization, StringComparison.Ordinal) && signedNames.Contains("x-amz-target") && signedNames.Contains("host");
    }

    private static async Task WriteAsync(HttpListenerContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        var bytes = Encoding.UTF8.GetBytes(json);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        try { await loop; } catch (Exception) { }
        stop.Dispose();
    }
}
