using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Client.Dpop;

namespace Tollgate.Client;

/// <summary>
/// Sends every request with the named client's token: <c>Bearer</c>, or <c>DPoP</c> with a fresh
/// proof for the call's method and URL (RFC 9449 §7). On a 401 asking for a DPoP nonce it sends the
/// request once more with that nonce; on another 401 it gets a fresh token and sends it once more
/// (the content is buffered first so it can be sent again).
/// </summary>
public sealed class ClientCredentialsHandler(string name, IClientCredentialsTokenSource tokens, IOptionsMonitor<ClientCredentialsOptions> options, ILogger<ClientCredentialsHandler> logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = options.Get(name);
        if ((o.RetryOnUnauthorized || o.Dpop) && request.Content is not null) await request.Content.LoadIntoBufferAsync(cancellationToken);

        var token = await tokens.GetTokenAsync(name, null, cancellationToken);
        var response = await SendWithAsync(request, token, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

        if (token.Dpop is not null && DpopSession.AsksForNonce(response) && response.Headers.Contains(DpopNonceStore.Header))
        {
            ClientLog.RetryingWithNonce(logger, request.RequestUri?.Host ?? "", o.ClientId);
            response.Dispose();
            response = await SendWithAsync(request, token, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        }
        if (!o.RetryOnUnauthorized) return response;

        ClientLog.RetryingOnUnauthorized(logger, request.Method.Method, request.RequestUri?.Host ?? "", o.ClientId);
        response.Dispose();
        var fresh = await tokens.GetTokenAsync(name, token.Value, cancellationToken);
        return await SendWithAsync(request, fresh, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWithAsync(HttpRequestMessage request, AccessToken token, CancellationToken cancellationToken)
    {
        request.Headers.Remove(DpopSession.Header);
        if (token.Dpop is not { } dpop)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(AccessToken.Bearer, token.Value);
            return await base.SendAsync(request, cancellationToken);
        }
        var url = request.RequestUri ?? throw new InvalidOperationException("a DPoP proof needs the request's absolute URL");
        request.Headers.Authorization = new AuthenticationHeaderValue(AccessToken.DPoP, token.Value);
        request.Headers.TryAddWithoutValidation(DpopSession.Header, dpop.Proof(request.Method, url, token.Value));
        var response = await base.SendAsync(request, cancellationToken);
        dpop.RememberNonce(url, response);
        return response;
    }
}
