using Microsoft.Extensions.Logging;
using Tollgate.Core.Clients;
using Tollgate.Core.Introspection;
using Tollgate.Core.Storage;
using Tollgate.Core.Tokens;

namespace Tollgate.Core.Revocation;

/// <summary>
/// RFC 7009: a client revokes one of its own tokens. An opaque token is marked revoked in the
/// store; a JWT is recorded by <c>jti</c> until it expires. Tokens of other clients, unknown and
/// invalid tokens are ignored (the caller always gets 200, so it learns nothing).
/// </summary>
public sealed partial class TokenRevoker(IOpaqueTokenStore opaqueTokens, TokenInspector inspector, RevocationList revocations, ILogger<TokenRevoker> logger)
{
    public async Task RevokeAsync(Client caller, string token, CancellationToken cancellationToken)
    {
        var claims = await inspector.InspectAsync(token, cancellationToken);
        if (claims is null || claims.ClientId != caller.ClientId) return;

        // Opaque tokens are also listed by jti: gateways that cache introspection answers learn of it from the feed.
        if (OpaqueToken.LooksLikeOne(token)) await opaqueTokens.RevokeAsync(OpaqueToken.Hash(token), cancellationToken);
        await revocations.RevokeTokenAsync(claims.Jti, claims.ClientId, claims.ExpiresAt, cancellationToken);
        LogRevoked(logger, caller.ClientId, claims.Jti);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Client {ClientId} revoked token jti {Jti}")]
    private static partial void LogRevoked(ILogger logger, string clientId, string jti);
}
