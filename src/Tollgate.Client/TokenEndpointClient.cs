using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.Client.Dpop;

namespace Tollgate.Client;

/// <summary>
/// One client-credentials request (RFC 6749 §4.4) and the reading of its answer (§5.1, §5.2).
/// With DPoP (RFC 9449 §5) each request carries a new proof; a <c>use_dpop_nonce</c> answer with a
/// <c>DPoP-Nonce</c> is retried once with that nonce.
/// </summary>
internal sealed class TokenEndpointClient(IHttpClientFactory http, Discovery discovery, TimeProvider time, ILogger<TokenEndpointClient> logger)
{
    private const string UseDpopNonce = "use_dpop_nonce";

    public async Task<AccessToken> RequestAsync(ClientCredentialsOptions options, DpopSession? dpop, CancellationToken cancellationToken)
    {
        var endpoint = await discovery.TokenEndpointAsync(options, cancellationToken);
        var answer = await SendAsync(options, endpoint, dpop, cancellationToken);
        if (dpop is not null && answer.NonceSent && String(answer.Root, "error") == UseDpopNonce)
        {
            ClientLog.RetryingWithNonce(logger, endpoint.Host, options.ClientId);
            answer.Document.Dispose();
            answer = await SendAsync(options, endpoint, dpop, cancellationToken);
        }
        using (answer.Document) return Read(answer, options, endpoint, dpop);
    }

    /// <summary>The parsed answer; <see cref="NonceSent"/> when it carried a <c>DPoP-Nonce</c> (kept for the endpoint's origin).</summary>
    private sealed record Answer(int Status, bool Success, JsonDocument Document, bool NonceSent)
    {
        public JsonElement Root => Document.RootElement;
    }

    private async Task<Answer> SendAsync(ClientCredentialsOptions options, Uri endpoint, DpopSession? dpop, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(Form(options, endpoint)) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (options.AuthenticationMethod == ClientAuthenticationMethod.ClientSecretBasic)
        {
            // RFC 6749 §2.3.1: both parts form-encoded before Base64.
            var pair = $"{Uri.EscapeDataString(options.ClientId)}:{Uri.EscapeDataString(options.ClientSecret!)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        if (dpop is not null) request.Headers.TryAddWithoutValidation(DpopSession.Header, dpop.Proof(HttpMethod.Post, endpoint));

        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(ClientCredentialsDefaults.BackchannelClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TokenRequestException(TokenRequestException.InvalidTokenResponse, $"{endpoint}: {e.Message}", null, e);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var nonceSent = dpop?.RememberNonce(endpoint, response) ?? false;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonDocument document;
            try { document = JsonDocument.Parse(body); }
            catch (JsonException) { throw new TokenRequestException(TokenRequestException.InvalidTokenResponse, $"HTTP {status} with a body that is not JSON", status); }
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new TokenRequestException(TokenRequestException.InvalidTokenResponse, "the answer is not a JSON object", status);
            }
            return new Answer(status, response.IsSuccessStatusCode, document, nonceSent);
        }
    }

    private AccessToken Read(Answer answer, ClientCredentialsOptions options, Uri endpoint, DpopSession? dpop)
    {
        var (root, status) = (answer.Root, answer.Status);
        if (!answer.Success || root.TryGetProperty("error", out _))
        {
            var error = String(root, "error") ?? TokenRequestException.InvalidTokenResponse;
            throw new TokenRequestException(error, String(root, "error_description") ?? (error == TokenRequestException.InvalidTokenResponse ? $"HTTP {status} without an OAuth error" : null), status);
        }
        if (String(root, "access_token") is not { Length: > 0 } value) throw new TokenRequestException(TokenRequestException.InvalidTokenResponse, "no access_token", status);
        var type = String(root, "token_type");
        var bound = dpop is not null && string.Equals(type, AccessToken.DPoP, StringComparison.OrdinalIgnoreCase);
        if (!bound && !string.Equals(type, AccessToken.Bearer, StringComparison.OrdinalIgnoreCase))
            throw new TokenRequestException(TokenRequestException.InvalidTokenResponse, $"token_type '{type}' is not {(dpop is null ? "Bearer" : "DPoP or Bearer")}", status);
        // RFC 9449 §5: a server that does not bind answers Bearer; the token is then used as one.
        if (dpop is not null && !bound) ClientLog.DpopIgnored(logger, endpoint.GetLeftPart(UriPartial.Path), options.ClientId);
        var lifetime = ExpiresIn(root) ?? options.DefaultLifetime;
        return AccessToken.Create(value, String(root, "scope") ?? options.Scope, lifetime, time.GetUtcNow(), options, bound ? dpop : null);
    }

    private IEnumerable<KeyValuePair<string, string>> Form(ClientCredentialsOptions options, Uri endpoint)
    {
        yield return new("grant_type", "client_credentials");
        if (options.Scope is { Length: > 0 } scope) yield return new("scope", scope);
        if (options.Audience is { Length: > 0 } audience) yield return new(options.AudienceParameter, audience);
        switch (options.AuthenticationMethod)
        {
            case ClientAuthenticationMethod.ClientSecretPost:
                yield return new("client_id", options.ClientId);
                yield return new("client_secret", options.ClientSecret!);
                break;
            case ClientAuthenticationMethod.PrivateKeyJwt:
                yield return new("client_id", options.ClientId);
                yield return new("client_assertion_type", ClientAssertion.Type);
                yield return new("client_assertion", ClientAssertion.Create(options, endpoint, time.GetUtcNow()));
                break;
        }
    }

    private static string? String(JsonElement root, string name)
        => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary><c>expires_in</c> as a number, or as a numeric string (some servers send that).</summary>
    private static TimeSpan? ExpiresIn(JsonElement root)
    {
        if (!root.TryGetProperty("expires_in", out var v)) return null;
        long seconds;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out seconds)) { }
        else if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds)) { }
        else return null;
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;
    }
}
