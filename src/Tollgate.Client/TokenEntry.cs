using Microsoft.Extensions.Logging;

namespace Tollgate.Client;

/// <summary>
/// The token of one <see cref="TokenCacheKey"/>: the current one, the one fetch in flight (every
/// concurrent caller awaits the same task), and the timer that renews ahead of expiry. A token
/// nobody used since the last renewal is not renewed: an idle client stops calling the server.
/// </summary>
internal sealed class TokenEntry(Func<CancellationToken, Task<AccessToken>> fetch, TimeProvider time, ILogger logger, string clientId, string? audience) : IDisposable
{
    private readonly Lock _lock = new();
    private AccessToken? _current;
    private Task<AccessToken>? _inFlight;
    private ITimer? _renewal;
    private bool _usedSinceFetch;

    /// <summary>
    /// The current token while usable, else the fetch in flight or a new one. With
    /// <paramref name="rejected"/> (a token an API refused) a newer token is taken if there is one,
    /// otherwise a fresh fetch: N calls failing with the same token cause one request.
    /// </summary>
    public Task<AccessToken> GetAsync(string? rejected, CancellationToken cancellationToken)
    {
        Task<AccessToken> task;
        lock (_lock)
        {
            if (_current is { } current && time.GetUtcNow() < current.UsableUntil && current.Value != rejected)
            {
                _usedSinceFetch = true;
                return Task.FromResult(current);
            }
            task = _inFlight ??= FetchAsync();
            _usedSinceFetch = true;
        }
        // The shared fetch is not cancelled with one caller; that caller just stops waiting.
        return task.WaitAsync(cancellationToken);
    }

    private async Task<AccessToken> FetchAsync()
    {
        await Task.Yield();   // run outside the lock
        try
        {
            var token = await fetch(CancellationToken.None);
            lock (_lock)
            {
                _current = token;
                _inFlight = null;
                _renewal?.Dispose();
                var due = token.RenewAt - time.GetUtcNow();
                _renewal = time.CreateTimer(_ => Renew(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
            ClientLog.TokenObtained(logger, clientId, audience, token.ExpiresAt);
            return token;
        }
        catch (Exception e)
        {
            lock (_lock) _inFlight = null;
            if (e is TokenRequestException t) ClientLog.TokenFailed(logger, clientId, t.Error, t.ErrorDescription);
            throw;
        }
    }

    private void Renew()
    {
        Task<AccessToken> task;
        AccessToken? current;
        lock (_lock)
        {
            current = _current;
            if (!_usedSinceFetch || _inFlight is not null) return;
            _usedSinceFetch = false;   // the renewed token is renewed in turn only if a call uses it
            task = _inFlight = FetchAsync();
        }
        _ = task.ContinueWith(
            t => { if (t.IsFaulted && current is not null) ClientLog.RenewalFailed(logger, clientId, current.UsableUntil); },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Dispose()
    {
        lock (_lock) _renewal?.Dispose();
    }
}
