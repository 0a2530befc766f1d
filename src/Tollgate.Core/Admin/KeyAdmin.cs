using Tollgate.Core.Apis;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;

namespace Tollgate.Core.Admin;

/// <summary>
/// Manual key rotation. <paramref name="immediately"/> makes the new key sign now (a compromised key):
/// caches meet an unknown kid and refetch the JWKS. Otherwise it signs at <paramref name="activatesAt"/>,
/// at the earliest after the pre-publish interval (the default).
/// </summary>
public sealed class KeyAdmin(KeyManager manager, KeyRing ring, KeySchedule schedule, TimeProvider time)
{
    public IReadOnlyList<SigningKey> Keys => ring.Keys;

    public async Task<AdminResult<SigningKey>> RotateAsync(string? alg, DateTimeOffset? activatesAt, bool immediately, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var validation = new Validation()
            .Check(alg is not null && SigningAlgorithms.Supported.Contains(alg), "alg", "must be one of RS256, ES256, PS256.")
            .Check(!(immediately && activatesAt is not null), "activates_at", "cannot be combined with immediately.");
        if (activatesAt is { } at && at < now + schedule.PrePublish)
            validation.Add("activates_at", $"must be at least {schedule.PrePublish} from now, so caches see the key before it signs; use immediately for an emergency.");
        if (!validation.IsValid) return AdminResult<SigningKey>.Invalid(validation);
        return AdminResult<SigningKey>.Created(await manager.RotateAsync(alg!, immediately ? now : activatesAt, actor, cancellationToken));
    }
}
