using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Routing;
using Tollgate.Server.Hosting;

namespace Tollgate.Server.Gateway;

/// <summary>
/// Keeps a standalone gateway's route rules in step with the server: <c>GET /routes?audience=</c>
/// with <c>If-None-Match</c> on an interval. Until the first rules arrive every route is denied;
/// when the server is unreachable the last rules stay in force.
/// </summary>
public sealed partial class RulesPoller(GatewayOptions options, RemoteAuthorizers authorizers, IHttpClientFactory httpClients, TimeProvider time, ILogger<RulesPoller> logger)
    : BackgroundService
{
    private readonly HttpClient _http = httpClients.CreateClient(OutgoingHttp.Gateway);   // the engine's handler: one connection pool to the server
    private string? _etag;

    /// <summary>One poll; true when the rules in force are current.</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{options.Server!.TrimEnd('/')}/routes?audience={Uri.EscapeDataString(options.Audience!)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(options.ClientId!)}:{Uri.EscapeDataString(options.ClientSecret!)}")));
        if (_etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", _etag);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified) return true;
            if (!response.IsSuccessStatusCode)
            {
                LogPollFailed(logger, $"HTTP {(int)response.StatusCode}");
                return false;
            }
            var rules = RouteRulesFile.ParseJson(await response.Content.ReadAsStringAsync(cancellationToken));
            authorizers.Authorizer.ReplaceRules(rules);
            _etag = response.Headers.ETag?.Tag;
            LogRulesApplied(logger, rules.Rules.Count, _etag ?? "");
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or RouteRulesException && !cancellationToken.IsCancellationRequested)
        {
            LogPollFailed(logger, e.Message);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RulesRefreshInterval, time);
        do
        {
            await PollAsync(stoppingToken);
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = LogEvents.GatewayRulesApplied, Level = LogLevel.Information, Message = "Route rules applied: {Count} rules, version {ETag}")]
    private static partial void LogRulesApplied(ILogger logger, int count, string etag);

    [LoggerMessage(EventId = LogEvents.GatewayRulesPollFailed, Level = LogLevel.Warning, Message = "Route rules poll failed ({Reason}); the last rules stay in force")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}
