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
/// <see cref="RevocationStatus.ListStale"/>. See docs/revocation.md.
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
    private long _syncedAtTicks;       // UTC ticks of the last complete sync; 0 = never
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
    }

    /// <summary>The feed version applied so far (0 before the first page).</summary>
    public long Version => Interlocked.Read(ref _version);
    /// <summary>When the last pull that reached the end of the feed finished; null before the first.</summary>
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
    public Task<bool> PullAsync(CancellationToken cancellationToken = default)
    {
        Task<bool> pull;
        lock (_lock)
        {
            if (_pull is not { IsCompleted: false }) _pull = Task.Run(PullOnceAsync, CancellationToken.None);
            pull = _pull;
        }
        return pull.WaitAsync(cancellationToken);
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
        string? failure = null;
        try
        {
            for (var more = true; more;)
            {
                Interlocked.Increment(ref _requests);
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
            return false;
        }

        Interlocked.Exchange(ref _syncedAtTicks, _time.GetUtcNow().UtcTicks);
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
            (loop, pull) = (_loop, _pull);
        }
        if (loop is not null) await loop;
        if (pull is not null) await pull;
        _stop.Dispose();
    }
}
