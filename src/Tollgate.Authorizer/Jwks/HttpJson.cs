using System.Net;

namespace Tollgate.Authorizer.Jwks;

/// <summary>Bounded GETs of small JSON documents (discovery, JWKS): 200 only, at most 1 MiB.</summary>
internal static class HttpJson
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<byte[]> GetAsync(HttpClient http, Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode}", null, response.StatusCode);
        if (response.Content.Headers.ContentLength > MaxBytes)
            throw new HttpRequestException($"GET {uri} answered more than {MaxBytes} bytes");

        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cts.Token)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new HttpRequestException($"GET {uri} answered more than {MaxBytes} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
