using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Authorizer.Configuration;

namespace Tollgate.AspNetCore;

/// <summary>One decision engine per authentication scheme, built on first use from the scheme's options and disposed with the host.</summary>
public sealed class TollgateAuthorizers(IOptionsMonitor<TollgateAuthenticationOptions> options, TimeProvider time, ILoggerFactory loggers, IEnumerable<SchemeRegistration> schemes)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<TollgateAuthorizer>> _authorizers = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The schemes <c>AddTollgate</c> registered (warmed up and fed rules by the background service).</summary>
    internal IReadOnlyList<string> Schemes { get; } = [.. schemes.Select(s => s.Scheme).Distinct()];

    public TollgateAuthorizer For(string scheme)
        => _authorizers.GetOrAdd(scheme, s => new Lazy<TollgateAuthorizer>(() => Build(s))).Value;

    internal HttpClient Http => _http;

    private TollgateAuthorizer Build(string scheme)
    {
        var o = options.Get(scheme);
        o.Validate();
        return new AuthorizerBuilder(o.ToAuthorizerOptions()).WithHttpClient(_http).WithTimeProvider(time).WithLoggerFactory(loggers).Build();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _authorizers.Values)
            if (lazy.IsValueCreated) await lazy.Value.DisposeAsync();
        _http.Dispose();
    }
}
