using System.Globalization;
using System.Net.Http.Headers;
using Tollgate.Aws.Serialization;

namespace Tollgate.Aws.Runtime;

/// <summary>
/// The Lambda Runtime API, version 2018-06-01, as documented for custom runtimes:
/// next invocation, invocation response, invocation error and initialization error.
/// </summary>
public sealed class LambdaRuntimeClient
{
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;

    /// <param name="runtimeApi">The value of <c>AWS_LAMBDA_RUNTIME_API</c> (host:port).</param>
    /// <param name="http">A client without timeout: <c>next</c> blocks until an event arrives.</param>
    public LambdaRuntimeClient(string runtimeApi, HttpClient http)
    {
        this.http = http;
        BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/");
    }

    public Uri BaseAddress { get; }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(BaseAddress, "invocation/next"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var requestId = Header(response, RequestIdHeader)
            ?? throw new InvalidOperationException($"The Runtime API sent an event without {RequestIdHeader}.");
        DateTimeOffset? deadline = long.TryParse(Header(response, DeadlineHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        return new Invocation(requestId, deadline, Header(response, FunctionArnHeader), Header(response, TraceIdHeader), payload);
    }

    public Task PostResponseAsync(string requestId, byte[] json, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = Json;
        return PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", content, null, cancellationToken);
    }

    public Task PostErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", ErrorContent(error), error.ErrorType, cancellationToken);

    /// <summary>Reports a start-up failure; Lambda then records it and the runtime should exit.</summary>
    public Task PostInitErrorAsync(LambdaError error, CancellationToken cancellationToken) =>
        PostAsync("init/error", ErrorContent(error), "Runtime." + error.ErrorType, cancellationToken);

    private async Task PostAsync(string relative, HttpContent content, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, relative)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static ByteArrayContent ErrorContent(LambdaError error)
    {
        var content = new ByteArrayContent(ResponseWriter.Write(error));
        content.Headers.ContentType = Json;
        return content;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
