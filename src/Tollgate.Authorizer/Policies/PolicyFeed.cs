using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Authorizer.Configuration;

namespace Tollgate.Authorizer.Policies;

/// <summary>
/// The server's policies, pulled from its feed (<c>GET /policies</c> with <c>If-None-Match</c>)
/// every <see cref="PolicyFeedOptions.Interval"/>, compiled once per change and swapped whole.
/// Until the first pull no policy allows anything (policy-governed routes are refused); when the
/// server cannot be reached, or sends policies that do not compile, the last set stays in force.
/// </summary>
public sealed partial class PolicyFeed : IPolicySetSource, IAsyncDisposable
{
    private const int MaxBytes = 16 * 1024 * 1024;
    private readonly PolicyFeedOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _timeout;
    private readonly AuthenticationHeaderValue _basic;
    private readonly CancellationTokenSource _stop = new();
    private volatile PolicySet _set = PolicySet.Empty;
    private string? _etag;
    private long _syncedAtTicks;
    private Task? _loop;

    public PolicyFeed(PolicyFeedOptions options, HttpClient http, TimeProvider? time = null, ILogger? logger = null, TimeSpan? httpTimeout = null)
    {
        _options = options;
        _http = http;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _timeout = httpTimeout ?? TimeSpan.FromSeconds(5);
        var credentials = Uri.EscapeDataString(options.ClientId) + ":" + Uri.EscapeDataString(options.ClientSecret);
        _basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    public PolicySet Current => _set;

    /// <summary>When a pull last succeeded (null before the first).</summary>
    public DateTimeOffset? LastSync => Interlocked.Read(ref _syncedAtTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>One conditional pull; true when the policies in force are the server's current ones.</summary>
    public async Task<bool> PullAsync(CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        cts.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, _options.Url);
        request.Headers.Authorization = _basic;
        if (_etag is { } etag) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            if (response.StatusCode == HttpStatusCode.NotModified) return Synced();
            if (response.StatusCode != HttpStatusCode.OK) { LogPullFailed(_logger, $"HTTP {(int)response.StatusCode}"); return false; }
            if (response.Content.Headers.ContentLength > MaxBytes) { LogPullFailed(_logger, $"more than {MaxBytes} bytes"); return false; }
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            var set = PolicySet.Compile(PolicyDocument.Parse(text));
            _set = set;
            _etag = response.Headers.ETag?.ToString();
            LogApplied(_logger, set.Count, _etag ?? "");
            return Synced();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or PolicyException && !cancellationToken.IsCancellationRequested)
        {
            LogPullFailed(_logger, e is PolicyException p ? string.Join("; ", p.Errors) : e.Message);
            return false;
        }
    }

    /// <summary>Starts polling in the background (a first pull at once).</summary>
    public void Start() => _loop ??= Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do { await PullAsync(_stop.Token); } while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    });

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is { } loop) await loop;
        _stop.Dispose();
    }

    private bool Synced()
    {
        Interlocked.Exchange(ref _syncedAtTicks, _time.GetUtcNow().UtcTicks);
        return true;
    }

    [LoggerMessage(EventId = LogEvents.PoliciesApplied, Level = LogLevel.Information, Message = "Policies applied: {Count} policies, version {ETag}")]
    private static partial void LogApplied(ILogger logger, int count, string etag);

    [LoggerMessage(EventId = LogEvents.PoliciesPullFailed, Level = LogLevel.Warning, Message = "Policies pull failed ({Reason}); the last policies stay in force")]
    private static partial void LogPullFailed(ILogger logger, string reason);
}
