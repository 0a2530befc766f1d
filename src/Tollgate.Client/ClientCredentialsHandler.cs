using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.Client;

/// <summary>
/// Sends every request with the named client's bearer token; on a 401 it gets a fresh token and
/// sends the request once more (its content buffered first so it can be sent twice).
/// </summary>
public sealed class ClientCredentialsHandler(string name, IClientCredentialsTokenSource tokens, IOptionsMonitor<ClientCredentialsOptions> options, ILogger<ClientCredentialsHandler> logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var retry = options.Get(name).RetryOnUnauthorized;
        if (retry && request.Content is not null) await request.Content.LoadIntoBufferAsync(cancellationToken);

        var token = await tokens.GetTokenAsync(name, null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var response = await base.SendAsync(request, cancellationToken);
        if (!retry || response.StatusCode != HttpStatusCode.Unauthorized) return response;

        ClientLog.RetryingOnUnauthorized(logger, request.Method.Method, request.RequestUri?.Host ?? "", options.Get(name).ClientId);
        response.Dispose();
        var fresh = await tokens.GetTokenAsync(name, token.Value, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh.Value);
        return await base.SendAsync(request, cancellationToken);
    }
}
