using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tollgate.Authorizer.Configuration;

namespace Tollgate.Authorizer.Revocation;

/// <summary>A page as received: null <see cref="Page"/> for a 304; <see cref="ETag"/> as sent by the server.</summary>
internal sealed record FeedResponse(FeedPage? Page, string? ETag, long Bytes);

/// <summary>
/// One request to the feed: <c>GET {Url}?since={version}&amp;limit={PageSize}</c> with HTTP Basic
/// client authentication (RFC 6749 §2.3.1 encoding) and, when given, <c>If-None-Match</c>.
/// Anything but 200 or 304, a body over 64 MiB, a timeout or an unreadable page throws.
/// </summary>
internal sealed class FeedClient
{
    public const int MaxBytes = 64 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly string _url;
    private readonly int _pageSize;
    private readonly TimeSpan _timeout;
    private readonly AuthenticationHeaderValue _basic;

    public FeedClient(RevocationFeedOptions options, HttpClient http, TimeSpan timeout)
    {
        _http = http;
        _url = options.Url.TrimEnd('?');
        _pageSize = options.PageSize;
        _timeout = timeout;
        var credentials = Uri.EscapeDataString(options.ClientId) + ":" + Uri.EscapeDataString(options.ClientSecret);
        _basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    public async Task<FeedResponse> GetAsync(long since, string? etag, long now, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_timeout);
        var separator = _url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        using var request = new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{_url}{separator}since={since}&limit={_pageSize}"));
        request.Headers.Authorization = _basic;
        request.Headers.Accept.ParseAdd("application/json");
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var received = response.Headers.ETag?.ToString();
        if (response.StatusCode == HttpStatusCode.NotModified) return new FeedResponse(null, received ?? etag, 0);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"the feed answered {(int)response.StatusCode}", null, response.StatusCode);
        var body = await ReadAsync(response, cts.Token);
        return new FeedResponse(FeedPageReader.Read(body, now), received, body.Length);
    }

    private static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBytes) throw new HttpRequestException($"the feed answered more than {MaxBytes} bytes");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream(response.Content.Headers.ContentLength is { } length ? (int)length : 64 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new HttpRequestException($"the feed answered more than {MaxBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
