using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DotnetBench;

/// <summary>
/// Writes <c>--count</c> distinct access tokens, one a line, from the token endpoint (8 requests in
/// flight): the pool that makes every request of the "unique" rows carry a token the API has not
/// seen recently (larger than Tollgate's 10,000-entry decision cache).
/// </summary>
internal static class Mint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Args(args);
        var count = a.Int("count", 1000);
        using var http = new HttpClient();
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(a.Required("client-id"))}:{Uri.EscapeDataString(a.Required("client-secret"))}")));
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["audience"] = a.Required("audience") };
        var endpoint = a.Required("token-endpoint");
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = basic;
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"token request answered {(int)response.StatusCode}: {body}");
            tokens[i] = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
        });
        if (tokens.Distinct(StringComparer.Ordinal).Count() != count) throw new InvalidOperationException("the token endpoint returned the same token twice");
        await File.WriteAllLinesAsync(a.Required("out"), tokens);
        return 0;
    }
}
