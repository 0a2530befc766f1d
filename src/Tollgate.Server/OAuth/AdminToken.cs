using Tollgate.Core.Admin;
using Tollgate.Core.Introspection;
using Tollgate.Core.Tokens;

namespace Tollgate.Server.OAuth;

public enum AdminTokenStatus { Valid, Invalid, InsufficientScope }

/// <summary>Checks a bearer token for the admin API: ours, active, audience and scope <c>tollgate:admin</c>.</summary>
public sealed class AdminToken(TokenInspector inspector)
{
    public async ValueTask<(AdminTokenStatus Status, AccessTokenClaims? Claims)> CheckAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return (AdminTokenStatus.Invalid, null);
        var claims = await inspector.InspectAsync(authorization[7..].Trim(), cancellationToken);
        if (claims is null) return (AdminTokenStatus.Invalid, null);
        var hasScope = claims.Scope.Split(' ').Contains(SystemIdentity.AdminScope);
        return claims.Audience == SystemIdentity.AdminAudience && hasScope ? (AdminTokenStatus.Valid, claims) : (AdminTokenStatus.InsufficientScope, claims);
    }
}
