using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Routing;

namespace Tollgate.AspNetCore;

/// <summary>
/// Keeps one scheme's route rules in step with the server: <c>GET {Authority}/routes?audience=</c>
/// with <c>If-None-Match</c>. When the server is unreachable the last rules stay in force.
/// </summary>
internal sealed class RouteRulesPoller(TollgateAuthenticationOptions options, TollgateAuthorizer authorizer, HttpClient http, ILogger logger)
{
    private string? _etag;

    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{options.Authority!.TrimEnd('/')}/routes?audience={Uri.EscapeDataString(options.Audience!)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(options.ClientId!)}:{Uri.EscapeDataString(options.ClientSecret!)}")));
        if (_etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", _etag);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified) return true;
            if (!response.IsSuccessStatusCode)
            {
                TollgateLog.RulesPollFailed(logger, $"HTTP {(int)response.StatusCode}");
                return false;
            }
            var rules = RouteRulesFile.ParseJson(await response.Content.ReadAsStringAsync(cancellationToken));
            authorizer.ReplaceRules(rules);
            _etag = response.Headers.ETag?.Tag;
            TollgateLog.RulesApplied(logger, rules.Rules.Count, _etag ?? "");
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or RouteRulesException && !cancellationToken.IsCancellationRequested)
        {
            TollgateLog.RulesPollFailed(logger, e.Message);
            return false;
        }
    }
}
