using Tollgate.Core.Apis;
using Tollgate.Core.Storage;

namespace Tollgate.Core.Keys;

/// <summary>Loads signing keys (decrypting them) into the key ring, creating a first key for every algorithm that has none.</summary>
public sealed class KeyManager(IKeyStore store, KeyProtector protector, KeyRing ring, TimeProvider time)
{
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = (await store.LoadAllAsync(cancellationToken))
            .Select(k => SigningKey.FromPkcs8(k.Alg, protector.Unprotect(k.ProtectedPrivateKey), k.CreatedAt, k.ActivatesAt, k.RetiresAt, k.ExpiresAt))
            .ToList();

        foreach (var alg in SigningAlgorithms.Supported)
        {
            if (keys.Any(k => k.Alg == alg && k.SignsAt(now))) continue;
            var key = SigningKey.Generate(alg).WithSchedule(now, now, null, null);
            await store.InsertAsync(new StoredKey(key.Kid, key.Alg, protector.Protect(key.Pkcs8), key.CreatedAt, key.ActivatesAt, null, null), cancellationToken);
            keys.Add(key);
        }
        ring.Replace(keys, now);
    }
}
