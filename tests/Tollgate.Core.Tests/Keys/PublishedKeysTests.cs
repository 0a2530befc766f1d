using Tollgate.Core.Keys;

namespace Tollgate.Core.Tests.Keys;

/// <summary>The key ring as the engines read it: every change seen on the next lookup, gone keys retired.</summary>
public sealed class PublishedKeysTests
{
    private static readonly SigningKey First = SigningKey.Generate("ES256");
    private static readonly SigningKey Second = SigningKey.Generate("ES256");

    private readonly KeyRing _ring = new();
    private readonly TimeProvider _time = TimeProvider.System;

    [Fact]
    public async Task RingChanged_NewKeyIsFoundAtOnce_UnchangedKeyKeepsItsInstance_GoneKeyRetires()
    {
        var keys = new PublishedKeys(_ring, _time);
        _ring.Replace([First], _time.GetUtcNow());
        var first = (await keys.FindAsync(First.Kid, CancellationToken.None)).Key!;
        Assert.Null((await keys.FindAsync(Second.Kid, CancellationToken.None)).Key);

        _ring.Replace([First, Second], _time.GetUtcNow());
        Assert.NotNull((await keys.FindAsync(Second.Kid, CancellationToken.None)).Key);
        Assert.Same(first, (await keys.FindAsync(First.Kid, CancellationToken.None)).Key);
        Assert.False(first.IsRetired);

        _ring.Replace([Second], _time.GetUtcNow());
        Assert.Null((await keys.FindAsync(First.Kid, CancellationToken.None)).Key);
        Assert.NotNull((await keys.FindAsync(Second.Kid, CancellationToken.None)).Key);
        Assert.True(first.IsRetired);   // what caches kept because it signed is dropped
    }

    [Fact]
    public async Task KeyPastItsExpiry_IsNotFound()
    {
        var keys = new PublishedKeys(_ring, _time);
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var expired = SigningKey.FromPkcs8("ES256", ec.ExportPkcs8PrivateKey(), expiresAt: _time.GetUtcNow().AddSeconds(-1));
        _ring.Replace([expired, Second], _time.GetUtcNow().AddMinutes(-1));   // still in the JWKS built a minute ago

        Assert.Null((await keys.FindAsync(expired.Kid, CancellationToken.None)).Key);
        Assert.NotNull((await keys.FindAsync(Second.Kid, CancellationToken.None)).Key);
        Assert.Null((await keys.FindAsync(null, CancellationToken.None)).Key);
    }
}
