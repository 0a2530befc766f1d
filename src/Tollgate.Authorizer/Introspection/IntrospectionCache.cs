using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Caching;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Validation;

namespace Tollgate.Authorizer.Introspection;

/// <summary>
/// What stands in front of an introspection endpoint, for <see cref="IntrospectionValidator"/>
/// (RFC 7662) and the phantom-token exchange alike: each answer is kept until the moment its fetch
/// says (never when that moment has passed), an answer signed by a key that has since been retired
/// is dropped, and concurrent questions about one token collapse into one request. Keys are
/// hashes of the token, never the token itself.
/// </summary>
/// <param name="capacity">Entries kept at most (<see cref="BoundedCache{TKey,TValue}"/>).</param>
/// <param name="fetch">Asks the endpoint about a token: the answer and until when it may be reused.
/// Expected not to throw; if it does, the answer is <c>introspection_failed</c>, logged, not cached.</param>
/// <param name="endpoint">Named in that log line.</param>
internal sealed class IntrospectionCache<TKey>(
    int capacity,
    TimeProvider time,
    Func<string, Task<(TokenValidation Result, DateTimeOffset Until)>> fetch,
    ILogger logger,
    Uri endpoint,
    IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    private readonly BoundedCache<TKey, Entry> _cache = new(Math.Max(2, capacity), comparer);
    private readonly ConcurrentDictionary<TKey, Task<TokenValidation>> _inflight = new(comparer);

    public ValueTask<TokenValidation> GetAsync(TKey key, string token, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(key, out var entry))
        {
            if (time.GetUtcNow() < entry.Until && entry.Result.Token?.SignedBy is not { IsRetired: true }) return ValueTask.FromResult(entry.Result);
            _cache.Remove(key);
        }
        var mine = new TaskCompletionSource<TokenValidation>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = _inflight.GetOrAdd(key, mine.Task);
        if (request == mine.Task) _ = FetchAndCacheAsync(key, token, mine);
        return new ValueTask<TokenValidation>(request.WaitAsync(cancellationToken));
    }

    private async Task FetchAndCacheAsync(TKey key, string token, TaskCompletionSource<TokenValidation> completion)
    {
        TokenValidation result;
        DateTimeOffset until;
        try
        {
            (result, until) = await fetch(token);
        }
        catch (Exception ex)
        {
            // Whatever went wrong (a bug included), the answer is no: fail closed, and ask again next time.
            var detail = $"{ex.GetType().Name}: {ex.Message}";
            IntrospectionLog.Failed(logger, endpoint.AbsoluteUri, detail);
            (result, until) = (TokenValidation.Invalid(ReasonCodes.IntrospectionFailed, detail), DateTimeOffset.MinValue);
        }
        if (until > time.GetUtcNow()) _cache.Set(key, new Entry(result, until));
        _inflight.TryRemove(new KeyValuePair<TKey, Task<TokenValidation>>(key, completion.Task));
        completion.SetResult(result);
    }

    private sealed record Entry(TokenValidation Result, DateTimeOffset Until);
}
