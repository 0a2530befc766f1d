using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Jwks;

/// <summary>
/// One issuer's keys, fetched once and shared by every request.
/// <list type="bullet">
/// <item>Keys older than <see cref="JwksCacheSettings.RefreshInterval"/> are refetched in the
/// background; requests keep using the current keys meanwhile.</item>
/// <item>An unknown <c>kid</c> triggers one refetch, then nothing for
/// <see cref="JwksCacheSettings.Cooldown"/>: a flood of forged kids costs the issuer one request.</item>
/// <item>A failed fetch keeps the last known good keys.</item>
/// <item>Concurrent fetches collapse into one.</item>
/// </list>
/// </summary>
public sealed class JwksCache(JwksLocator locator, HttpClient http, JwksCacheSettings settings, TimeProvider time, ILogger logger) : IKeySource
{
    private readonly Lock _lock = new();
    private volatile KeySet? _keys;
    private long _fetchedAtTicks;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private Task<KeySet?>? _inflight;
    private long _fetches;

    public string Issuer => locator.Issuer;
    /// <summary>The last known good keys; null until a fetch has succeeded.</summary>
    public KeySet? Current => _keys;
    /// <summary>JWKS fetches started so far (for tests and metrics).</summary>
    public long FetchCount => Interlocked.Read(ref _fetches);

    /// <summary>The key for <paramref name="kid"/>; synchronous while the key is known and fresh.</summary>
    public ValueTask<KeyLookup> FindAsync(string? kid, CancellationToken cancellationToken)
    {
        var keys = _keys;
        if (keys is null) return FetchThenFindAsync(kid, cancellationToken);

        var now = time.GetUtcNow();
        if (now.UtcTicks - Volatile.Read(ref _fetchedAtTicks) >= settings.RefreshInterval.Ticks) _ = StartFetch(now);

        if (keys.Find(kid) is { } key) return ValueTask.FromResult(KeyLookup.Found(key));
        return kid is null ? ValueTask.FromResult(KeyLookup.Unknown) : FetchThenFindAsync(kid, cancellationToken);
    }

    /// <summary>Fetches now unless a fetch is under way (then joins it) or one started within the cooldown.</summary>
    public Task<KeySet?> RefreshAsync() => StartFetch(time.GetUtcNow()) ?? Task.FromResult(_keys);

    private async ValueTask<KeyLookup> FetchThenFindAsync(string? kid, CancellationToken cancellationToken)
    {
        var fetch = StartFetch(time.GetUtcNow());
        var keys = fetch is null ? _keys : await fetch.WaitAsync(cancellationToken);
        if (keys is null) return KeyLookup.Unavailable;
        return keys.Find(kid) is { } key ? KeyLookup.Found(key) : KeyLookup.Unknown;
    }

    /// <returns>The fetch to await, or null when the cooldown forbids one.</returns>
    private Task<KeySet?>? StartFetch(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_inflight is { } running) return running;
            if (now - _lastAttempt < settings.Cooldown) return null;
            _lastAttempt = now;
            Interlocked.Increment(ref _fetches);
            var fetch = FetchAsync();
            // A fetch that finished synchronously has already run its finally: do not keep it as in flight.
            if (!fetch.IsCompleted) _inflight = fetch;
            return fetch;
        }
    }

    private async Task<KeySet?> FetchAsync()
    {
        await Task.Yield(); // never run the fetch under the caller's lock
        using var span = Telemetry.AuthorizerTracing.Source.StartActivity(Telemetry.AuthorizerTracing.JwksFetch);
        try
        {
            var uri = await locator.LocateAsync(CancellationToken.None);
            var body = await HttpJson.GetAsync(http, uri, settings.FetchTimeout, CancellationToken.None);
            var fetched = JwksParser.Parse(body, out var skipped);
            foreach (var note in skipped) JwksLog.KeySkipped(logger, locator.Issuer, note);
            var keys = (_keys ?? KeySet.Empty).Succeed(fetched);
            Volatile.Write(ref _fetchedAtTicks, time.GetUtcNow().UtcTicks);
            _keys = keys;
            JwksLog.Fetched(logger, locator.Issuer, keys.Count);
            Telemetry.AuthorizerMetrics.JwksFetched(succeeded: true);
            return keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or FormatException)
        {
            JwksLog.FetchFailed(logger, locator.Issuer, ex.Message, _keys is not null);
            Telemetry.AuthorizerMetrics.JwksFetched(succeeded: false);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            return _keys;
        }
        finally
        {
            lock (_lock) _inflight = null;
        }
    }
}
