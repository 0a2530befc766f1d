using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.AspNetCore;

/// <summary>
/// Before the host takes traffic: every scheme's keys, first revocation sync and rules (bounded by
/// <see cref="TollgateAuthenticationOptions.WarmUpTimeout"/>). Then polls the rules of schemes using them.
/// </summary>
internal sealed class TollgateBackgroundService(TollgateAuthorizers authorizers, IOptionsMonitor<TollgateAuthenticationOptions> options, TimeProvider time, ILogger<TollgateBackgroundService> logger)
    : BackgroundService
{
    private readonly List<(TollgateAuthenticationOptions Options, RouteRulesPoller Poller)> _pollers = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var scheme in authorizers.Schemes)
        {
            var o = options.Get(scheme);
            var authorizer = authorizers.For(scheme);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(o.WarmUpTimeout);
            var ready = await authorizer.WarmUpAsync(timeout.Token).ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default);
            var rules = true;
            if (o.UseRouteRules)
            {
                var poller = new RouteRulesPoller(o, authorizer, authorizers.Http, logger);
                _pollers.Add((o, poller));
                rules = await poller.PollAsync(timeout.Token).ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default);
            }
            if (!ready || !rules) TollgateLog.NotReady(logger, scheme, o.Authority!, ready, rules);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(_pollers.Select(p => PollLoopAsync(p.Options.RulesInterval, p.Poller, stoppingToken)));

    private async Task PollLoopAsync(TimeSpan interval, RouteRulesPoller poller, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await poller.PollAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
