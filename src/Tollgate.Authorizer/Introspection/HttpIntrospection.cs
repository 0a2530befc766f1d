using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Jwks;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Introspection;

/// <summary>
/// The introspection client: <see cref="IntrospectionOptions.Url"/> asked over HTTP (RFC 7662
/// form, HTTP Basic client credentials), each question within the timeout. Any trouble (network,
/// timeout, a status other than 200, an answer too large or not RFC 7662) is a failure.
/// </summary>
public sealed class HttpIntrospection : ITokenIntrospection
{
    private readonly Uri _endpoint;
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly AuthenticationHeaderValue _basic;

    public HttpIntrospection(IntrospectionOptions settings, HttpClient http, TimeSpan? timeout = null)
    {
        _endpoint = new Uri(settings.Url, UriKind.Absolute);
        _http = http;
        _timeout = timeout ?? TimeSpan.FromSeconds(5);
        _basic = IntrospectionRequest.BasicCredentials(settings);
    }

    public async Task<IntrospectionAnswer<ValidatedToken>> IntrospectAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(_timeout);
            using var request = IntrospectionRequest.Create(_endpoint, _basic, token, "application/json");
            using var response = await _http.SendAsync(request, cts.Token);
            if (response.StatusCode != HttpStatusCode.OK)
                return IntrospectionAnswer<ValidatedToken>.Failed($"introspection answered {(int)response.StatusCode}");
            var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
            if (body.Length > HttpJson.MaxBytes) return IntrospectionAnswer<ValidatedToken>.Failed("introspection answer is too large");
            return IntrospectionResponse.Read(body, _endpoint.GetLeftPart(UriPartial.Authority)) is { } active
                ? IntrospectionAnswer<ValidatedToken>.Of(active)
                : IntrospectionAnswer<ValidatedToken>.Inactive;
        }
        catch (Exception ex)
        {
            // Whatever went wrong (network, timeout, garbage, a bug), the answer is no: fail closed.
            return IntrospectionAnswer<ValidatedToken>.Failed($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    public async Task<IntrospectionAnswer<string>> IntrospectAsJwtAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(_timeout);
            using var request = IntrospectionRequest.Create(_endpoint, _basic, token, "application/jwt");
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            if (response.StatusCode == HttpStatusCode.NoContent) return IntrospectionAnswer<string>.Inactive;   // Curity: the token is not active
            if (response.StatusCode != HttpStatusCode.OK) return Failed($"introspection answered {(int)response.StatusCode}");
            var type = response.Content.Headers.ContentType?.MediaType;
            if (type is not ("application/jwt" or "application/token-introspection+jwt")) return Failed($"introspection answered '{type}', not a JWT");
            if (response.Content.Headers.ContentLength > HttpJson.MaxBytes) return Failed("introspection answer is too large");
            var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
            if (body.Length > HttpJson.MaxBytes) return Failed("introspection answer is too large");
            return IntrospectionAnswer<string>.Of(Encoding.ASCII.GetString(body).Trim());
        }
        catch (OperationCanceledException)
        {
            return Failed($"introspection did not answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return Failed($"introspection request failed: {ex.Message}");
        }
    }

    private static IntrospectionAnswer<string> Failed(string detail) => IntrospectionAnswer<string>.Failed(detail);
}
