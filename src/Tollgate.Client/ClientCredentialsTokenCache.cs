using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Client.Dpop;

namespace Tollgate.Client;

/// <summary>Where tokens come from for the handler; usable directly to get a token without an HttpClient.</summary>
public interface IClientCredentialsTokenSource
{
    /// <summary>
    /// A token for the named client's options. With <paramref name="rejected"/> (a token the API
    /// answered 401 to) a token other than that one.
    /// </summary>
    /// <exception cref="TokenRequestException">The server refused, or discovery failed.</exception>
    Task<AccessToken> GetTokenAsync(string name, string? rejected = null, CancellationToken cancellationToken = default);
}

/// <summary>The process-wide token cache: one <see cref="TokenEntry"/> per (server, client, audience, scope).</summary>
internal sealed class ClientCredentialsTokenCache(
    IOptionsMonitor<ClientCredentialsOptions> options,
    TokenEndpointClient endpoint,
    DpopKeys dpopKeys,
    DpopNonceStore dpopNonces,
    TimeProvider time,
    ILogger<ClientCredentialsTokenCache> logger) : IClientCredentialsTokenSource, IDisposable
{
    private readonly ConcurrentDictionary<TokenCacheKey, TokenEntry> _entries = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClientCredentialsOptions, TokenEntry> _byOptions = new();

    public Task<AccessToken> GetTokenAsync(string name, string? rejected = null, CancellationToken cancellationToken = default)
    {
        var o = options.Get(name);
        // Options instances are cached by the monitor (new ones on reload): validate each once, not per call.
        if (!_byOptions.TryGetValue(o, out var entry))
        {
            if (o.Validate() is { Count: > 0 } errors)
                throw new OptionsValidationException(name, typeof(ClientCredentialsOptions), errors.Select(e => $"client-credentials options of '{name}': {e}"));
            var dpop = o.Dpop ? new DpopSession(dpopKeys.For(name, o), dpopNonces, time) : null;
            entry = _entries.GetOrAdd(TokenCacheKey.For(o, dpop?.Thumbprint), _ => new TokenEntry(ct => endpoint.RequestAsync(o, dpop, ct), time, logger, o.ClientId, o.Audience));
            _byOptions.AddOrUpdate(o, entry);
        }
        return entry.GetAsync(rejected, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values) entry.Dispose();
    }
}
