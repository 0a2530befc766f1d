using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Tests.Keys;

/// <summary>The key schedule: which key signs when, when its successor is published, when a retired key leaves the JWKS.</summary>
public sealed class KeyManagerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Period = TimeSpan.FromDays(30), PrePublish = TimeSpan.FromHours(1), TokenLifetime = TimeSpan.FromHours(1), Margin = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly MemoryKeyStore _store = new();
    private readonly KeyRing _ring = new();
    private readonly KeyManager _keys;

    public KeyManagerTests()
    {
        var schedule = new KeySchedule
        {
            DefaultPeriod = Period, PrePublish = PrePublish, MaxTokenLifetime = () => TokenLifetime, Margin = Margin,
            Periods = new Dictionary<string, TimeSpan> { ["ES256"] = TimeSpan.FromDays(7) },
        };
        _keys = new KeyManager(_store, new KeyProtector(["system-secret-for-tests-0123456789"]), _ring, schedule, new NoLock(),
            new AuditTrail(_time, NullLogger<AuditTrail>.Instance), _time, NullLogger<KeyManager>.Instance);
    }

    [Fact]
    public async Task Load_FirstStart_OneSigningKeyPerAlgorithm()
    {
        await _keys.LoadAsync(default);
        Assert.Equal(["ES256", "PS256", "RS256"], _ring.Keys.Select(k => k.Alg).Order());
        Assert.All(_ring.Keys, k => Assert.Same(k, _ring.Current(k.Alg, Start)));
    }

    /// <summary>
    /// RS256 over its life, with the schedule run at each moment: (time since start, signing key: 0 = first, 1 = successor,
    /// RS256 keys held, RS256 keys in the JWKS).
    /// </summary>
    public static TheoryData<string, TimeSpan, int, int, int> Timeline => new()
    {
        { "just started", TimeSpan.Zero, 0, 1, 1 },
        { "a second before the successor is due", Period - PrePublish - TimeSpan.FromSeconds(1), 0, 1, 1 },
        { "successor published, not signing", Period - PrePublish, 0, 2, 2 },
        { "a second before the switch", Period - TimeSpan.FromSeconds(1), 0, 2, 2 },
        { "successor signs, old one still published", Period, 1, 2, 2 },
        { "old one published until its last token expired", Period + TokenLifetime + Margin - TimeSpan.FromSeconds(1), 1, 2, 2 },
        { "old one unpublished and deleted", Period + TokenLifetime + Margin, 1, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Timeline))]
    public async Task RotateDue_OverAKeysLife_SignsAndPublishesOnSchedule(string moment, TimeSpan at, int signer, int held, int published)
    {
        await _keys.LoadAsync(default);
        var first = _ring.Current("RS256", Start)!.Kid;
        string? successor = null;
        // The schedule runs at each earlier milestone, then at the moment itself.
        foreach (var step in ((TimeSpan[])[Period - PrePublish, Period]).Where(m => m < at).Append(at))
        {
            _time.SetUtcNow(Start + step);
            await _keys.RotateDueAsync(default);
            successor ??= _ring.Keys.FirstOrDefault(k => k.Alg == "RS256" && k.Kid != first)?.Kid;
        }
        var now = _time.GetUtcNow();
        Assert.Equal(Start + at, now);
        Assert.True(signer == 0 ? _ring.Current("RS256", now)!.Kid == first : _ring.Current("RS256", now)!.Kid == successor, moment);
        Assert.Equal(held, _ring.Keys.Count(k => k.Alg == "RS256"));
        Assert.Equal(published, _ring.Keys.Count(k => k.Alg == "RS256" && k.PublishedAt(now)));
    }

    [Fact]
    public async Task RotateDue_PerAlgorithmPeriod_RotatesThatAlgorithmSooner()
    {
        await _keys.LoadAsync(default);
        _time.SetUtcNow(Start + TimeSpan.FromDays(7) - PrePublish);
        await _keys.RotateDueAsync(default);
        Assert.Equal(2, _ring.Keys.Count(k => k.Alg == "ES256"));
        Assert.Equal(1, _ring.Keys.Count(k => k.Alg == "RS256"));
    }

    [Fact]
    public async Task RotateDue_SuccessorLate_SignsOnlyAfterAFullPrePublish()
    {
        await _keys.LoadAsync(default);
        var late = Start + Period + TimeSpan.FromDays(2); // the schedule did not run when the successor was due
        _time.SetUtcNow(late);
        await _keys.RotateDueAsync(default);
        var keys = _ring.Keys.Where(k => k.Alg == "RS256").OrderBy(k => k.CreatedAt).ToList();
        Assert.Equal(late + PrePublish, keys[1].ActivatesAt);
        Assert.Same(keys[0], _ring.Current("RS256", late));
        Assert.Equal(late + PrePublish, keys[0].RetiresAt);
    }

    [Fact]
    public async Task Rotate_Manual_ReplacesAWaitingSuccessor_NeverTwoQueued()
    {
        await _keys.LoadAsync(default);
        var firstSuccessor = await _keys.RotateAsync("PS256", null, AuditActor.System, default);
        var secondSuccessor = await _keys.RotateAsync("PS256", null, AuditActor.System, default);
        Assert.Null(_ring.Find(firstSuccessor.Kid));
        Assert.NotNull(_ring.Find(secondSuccessor.Kid));
        Assert.Equal(2, _ring.Keys.Count(k => k.Alg == "PS256"));
        Assert.Equal(Start + PrePublish, secondSuccessor.ActivatesAt);
    }

    private sealed class NoLock : IClusterLock
    {
        public Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable>(new Released());
        private sealed class Released : IAsyncDisposable { public ValueTask DisposeAsync() => ValueTask.CompletedTask; }
    }

    private sealed class MemoryKeyStore : IKeyStore
    {
        private readonly Dictionary<string, StoredKey> _keys = [];
        public Task<IReadOnlyList<StoredKey>> LoadAllAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<StoredKey>>([.. _keys.Values]);
        public Task InsertAsync(StoredKey key, AuditRecord? audit, CancellationToken cancellationToken) { _keys.Add(key.Kid, key); return Task.CompletedTask; }
        public Task UpdateScheduleAsync(string kid, DateTimeOffset? retiresAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
        {
            _keys[kid] = _keys[kid] with { RetiresAt = retiresAt, ExpiresAt = expiresAt };
            return Task.CompletedTask;
        }
        public Task DeleteAsync(string kid, CancellationToken cancellationToken) { _keys.Remove(kid); return Task.CompletedTask; }
    }
}
