using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Authorizer.Configuration;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Revocation;

/// <summary>
/// The server's revocation list, kept in memory and brought up to date by pulling its feed:
/// <c>since=0</c> first, then <c>since={version}</c> with <c>If-None-Match</c> every
/// <see cref="RevocationFeedOptions.Interval"/>, following <c>more</c> pages. Every page of a pull
/// is applied at once by swapping an immutable <see cref="RevocationSet"/>, so a decision sees a
/// pull whole or not at all. Concurrent pulls collapse into one. When the server cannot be
/// reached the last list keeps working; once the last complete sync is older than
/// <see cref="RevocationFeedOptions.FailClosedAfter"/> (or there never was one) every check says
/// <see cref="RevocationStatus.ListStale"/>. Where timers stop between requests (Lambda),
/// <see cref="CatchUpAsync"/> brings a list older than the interval up to date before a decision
/// (<see cref="RevocationFeedOptions.CatchUpWait"/>). See docs/revocation.md.
/// </summary>
public sealed class RevocationFeed : IRevocationCheck, IAsyncDisposable
{
    private const long PurgeEverySeconds = 60;

    private readonly RevocationFeedOptions _options;
    private readonly FeedClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile RevocationSet _set = RevocationSet.Empty;
    private long _syncedAtTicks;       // UTC ticks when the last request of the last complete pull was sent; 0 = never
    private long _pullStartedAtTicks;  // UTC ticks when the latest pull started
    private long _noCatchUpBeforeTicks; // after a failed pull or a catch-up that gave up: let the timer retry
    private int _staleLogged;
    private long _version;
    private string? _etag;
    private long _lastPurge;
    private long _requests;
    private long _bytes;
    private Task<bool>? _pull;
    private Task? _loop;

    public RevocationFeed(RevocationFeedOptions options, HttpClient http, TimeProvider? time = null, ILogger? logger = null, TimeSpan? httpTimeout = null)
    {
        _options = options;
        _client = new FeedClient(options, http, httpTimeout ?? TimeSpan.FromSeconds(5));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        ServerLabel = Uri.TryCreate(options.Url, UriKind.Absolute, out var url) ? url.Authority : "unknown";
        Telemetry.FeedGauges.Add(this);
    }

    /// <summary>The feed server's host and port: the <c>server</c> label of the feed's gauges (never a path or query).</summary>
    public string ServerLabel { get; }

    /// <summary>Seconds since <see cref="LastSync"/>, or -1 before the first complete sync (the <c>age</c> gauge).</summary>
    public double AgeSeconds() => LastSync is { } synced ? Math.Max(0, (_time.GetUtcNow() - synced).TotalSeconds) : -1;

    /// <summary>The feed version applied so far (0 before the first page).</summary>
    public long Version => Interlocked.Read(ref _version);
    /// <summary>
    /// When the last request of the last pull that reached the end of the feed was sent (the list
    /// holds everything the server had revoked by then); null before the first.
    /// </summary>
    public DateTimeOffset? LastSync => Interlocked.Read(ref _syncedAtTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;
    /// <summary>Live entries held.</summary>
    public int Count => _set.Count;
    /// <summary>Bytes of the token-entry tables (the bulk of a large list).</summary>
    public long TokenTableBytes => _set.TokenTableBytes;
    /// <summary>Feed requests sent and response bytes read so far (for tests and metrics).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);
    public long BytesReceived => Interlocked.Read(ref _bytes);

    public RevocationStatus Check(ValidatedToken token)
    {
        if (_set.IsRevoked(token)) return RevocationStatus.Revoked;
        return IsStale() ? RevocationStatus.ListStale : RevocationStatus.NotRevoked;
    }

    /// <summary>Whether decisions are refused because the list is older than the fail-closed age.</summary>
    public bool IsStale()
    {
        if (_options.FailClosedAfter <= TimeSpan.Zero) return false;
        var synced = Interlocked.Read(ref _syncedAtTicks);
        if (synced != 0 && _time.GetUtcNow().UtcTicks - synced <= _options.FailClosedAfter.Ticks) return false;
        if (Interlocked.Exchange(ref _staleLogged, 1) == 0) RevocationFeedLog.Stale(_logger, LastSync, _options.FailClosedAfter);
        return true;
    }

    /// <summary>
    /// Whether a decision should first wait for <see cref="CatchUpAsync"/>: catching up is on
    /// (<see cref="RevocationFeedOptions.CatchUpWait"/>), the list is older than the interval (the
    /// timer did not run: the process was frozen) and no pull failed nor catch-up gave up within
    /// the last interval (then the server is down or slow, and waiting on it at every decision
    /// would only slow them down; the fail-closed age applies as usual).
    /// </summary>
    public bool IsBehind()
    {
        if (_options.CatchUpWait <= TimeSpan.Zero) return false;
        var now = _time.GetUtcNow().UtcTicks;
        var synced = Interlocked.Read(ref _syncedAtTicks);
        if (synced != 0 && now - synced <= _options.Interval.Ticks) return false;
        return now >= Interlocked.Read(ref _noCatchUpBeforeTicks);
    }

    /// <summary>
    /// Pulls now (or joins the pull under way) and waits for it, at most
    /// <see cref="RevocationFeedOptions.CatchUpWait"/>. A joined pull that started more than an
    /// interval ago (before the process was frozen) may carry an answer older than a revocation
    /// made meanwhile: then one more pull follows. Never throws for the server's faults nor when
    /// the wait runs out: the decision then uses the list as it is.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var askedAt = _time.GetUtcNow().UtcTicks;
        var before = LastSync;
        using var wait = new CancellationTokenSource(_options.CatchUpWait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, wait.Token);
        var synced = false;
        try
        {
            for (var round = 0; round < 2; round++)
            {
                var (pull, startedAt) = StartOrJoinPull(notIfSyncedSince: askedAt - _options.Interval.Ticks);
                synced = await pull.WaitAsync(linked.Token);
                if (startedAt >= askedAt - _options.Interval.Ticks) break;
            }
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            QuietForAnInterval();
            RevocationFeedLog.CatchUpGaveUp(_logger, _options.CatchUpWait, LastSync);
            return;
        }
        if (synced) RevocationFeedLog.CaughtUp(_logger, before, Version);
    }

    private void QuietForAnInterval() => Interlocked.Exchange(ref _noCatchUpBeforeTicks, _time.GetUtcNow().UtcTicks + _options.Interval.Ticks);

    /// <summary>Starts polling every <see cref="RevocationFeedOptions.Interval"/> on the injected clock, with a first pull now. Idempotent.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_loop is not null || _stop.IsCancellationRequested) return;
            _loop = PollAsync();
        }
    }

    /// <summary>
    /// Pulls what is new now (or joins the pull under way). Never throws for the server's faults:
    /// the answer says whether the pull reached the end of the feed; failures are logged.
    /// </summary>
    public Task<bool> PullAsync(CancellationToken cancellationToken = default) => StartOrJoinPull().Pull.WaitAsync(cancellationToken);

    private static readonly Task<bool> Synced = Task.FromResult(true);

    /// <param name="notIfSyncedSince">With no pull under way, start none when the last complete pull
    /// was sent at or after these ticks (it ended between a caller's check and this call).</param>
    private (Task<bool> Pull, long StartedAtTicks) StartOrJoinPull(long notIfSyncedSince = long.MaxValue)
    {
        lock (_lock)
        {
            if (_pull is not { IsCompleted: false })
            {
                var synced = Interlocked.Read(ref _syncedAtTicks);
                if (synced != 0 && synced >= notIfSyncedSince) return (Synced, synced);
                _pullStartedAtTicks = _time.GetUtcNow().UtcTicks;
                _pull = Task.Run(PullOnceAsync, CancellationToken.None);
            }
            return (_pull, _pullStartedAtTicks);
        }
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do await PullAsync(_stop.Token);
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // stopped
        }
    }

    private async Task<bool> PullOnceAsync()
    {
        var since = Interlocked.Read(ref _version);
        var etag = _etag;
        var batch = new RevocationBatch();
        var replace = false;
        var pages = 0;
        long bytes = 0;
        long sentAt = 0;
        string? failure = null;
        try
        {
            for (var more = true; more;)
            {
                Interlocked.Increment(ref _requests);
                sentAt = _time.GetUtcNow().UtcTicks;
                var response = await _client.GetAsync(since, pages == 0 ? etag : null, NowSeconds(), _stop.Token);
                pages++;
                Interlocked.Add(ref _bytes, response.Bytes);
                bytes += response.Bytes;
                if (response.Page is not { } page) break;
                if (page.Version < since)
                {
                    if (replace) throw new InvalidDataException($"the feed went back from version {since} to {page.Version}");
                    RevocationFeedLog.Restarted(_logger, since);
                    (replace, since, etag, batch) = (true, 0, null, new RevocationBatch());
                    continue;
                }
                if (page.More && page.Version <= since) throw new InvalidDataException($"the feed says more but stays at version {page.Version}");
                batch.Add(page.Entries);
                (since, more) = (page.Version, page.More);
                etag = more ? null : response.ETag;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            // Network, timeout, a refusal, an unreadable page: keep what we have, fail later by age.
            failure = ex is OperationCanceledException ? "timed out" : $"{ex.GetType().Name}: {ex.Message}";
        }

        // Complete pages are applied even when a later one failed; a replacement list only whole.
        if (!(replace && failure is not null)) Apply(batch, replace, since, etag);
        if (failure is not null)
        {
            RevocationFeedLog.Failed(_logger, _options.Url, failure, Version, LastSync);
            QuietForAnInterval();
            return false;
        }

        Interlocked.Exchange(ref _syncedAtTicks, sentAt);
        if (Interlocked.Exchange(ref _staleLogged, 0) == 1) RevocationFeedLog.Fresh(_logger, since);
        if (batch.Count > 0 || batch.Expired > 0 || batch.Unknown > 0 || replace)
            RevocationFeedLog.Synced(_logger, batch.Count, batch.Expired, batch.Unknown, pages, bytes, since, _set.Count);
        else RevocationFeedLog.Unchanged(_logger, since);
        return true;
    }

    private void Apply(RevocationBatch batch, bool replace, long version, string? etag)
    {
        var now = NowSeconds();
        var set = replace ? RevocationSet.Empty.With(batch, now) : batch.Count > 0 ? _set.With(batch, now) : _set;
        if (now >= set.EarliestExpiry && now - _lastPurge >= PurgeEverySeconds)
        {
            set = set.Purge(now);
            _lastPurge = now;
        }
        _set = set;
        _etag = etag;
        Interlocked.Exchange(ref _version, version);
    }

    private long NowSeconds() => _time.GetUtcNow().ToUnixTimeSeconds();

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        Task<bool>? pull;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested) return;
            _stop.Cancel();
            Telemetry.FeedGauges.Remove(this);
            (loop, pull) = (_loop, _pull);
        }
        if (loop is not null) await loop;
        if (pull is not null) await pull;
        _stop.Dispose();
    }
}
