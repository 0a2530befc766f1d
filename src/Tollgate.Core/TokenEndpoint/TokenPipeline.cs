using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Tollgate.Core.Clients;
using Tollgate.Core.OAuth;

namespace Tollgate.Core.TokenEndpoint;

/// <summary>
/// The token endpoint, in protocol order, whatever the grant:
/// <list type="number">
/// <item><see cref="ChooseGrant"/>: the <see cref="IGrantHandler"/> for <c>grant_type</c> (<c>unsupported_grant_type</c> for any other)</item>
/// <item><see cref="ClientAuthenticator.AuthenticateAsync(ClientCredential, string, CancellationToken)"/> (first the lockout of the source address for that client id)</item>
/// <item><see cref="CheckClientMayUseGrant"/> (the client's registered <c>grant_types</c>)</item>
/// <item><see cref="IGrantHandler.HandleAsync"/>: the grant's own steps, issuing through <see cref="GrantSteps"/></item>
/// </list>
/// A new grant is one <see cref="IGrantHandler"/>, registered with the others.
/// </summary>
public sealed partial class TokenPipeline(IEnumerable<IGrantHandler> handlers, ClientAuthenticator authenticator, ILogger<TokenPipeline> logger)
{
    private readonly FrozenDictionary<string, IGrantHandler> _handlers = handlers.ToFrozenDictionary(h => h.GrantType, StringComparer.Ordinal);

    /// <summary>The grant types this endpoint answers: one per registered handler, in ordinal order (discovery's <c>grant_types_supported</c>).</summary>
    public IReadOnlyList<string> GrantTypes { get; } = SupportedBy(handlers);

    /// <summary>The grant types some handler answers, each once, in ordinal order.</summary>
    public static IReadOnlyList<string> SupportedBy(IEnumerable<IGrantHandler> handlers)
        => [.. handlers.Select(h => h.GrantType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public async ValueTask<OAuthResult<TokenResponse>> HandleAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var chosen = ChooseGrant(_handlers, request.GrantType);
        if (chosen.Error is { } grantTypeError) return grantTypeError;
        var handler = chosen.Value!;

        var authenticated = await authenticator.AuthenticateAsync(request.Credential, request.SourceAddress, cancellationToken);
        if (authenticated.Error is { } authError)
        {
            LogClientRejected(logger, request.Credential?.ClientId ?? "(none)", authError.Detail ?? authError.Description);
            return authError;
        }
        var client = authenticated.Value!;

        if (CheckClientMayUseGrant(client, handler.GrantType) is { } clientError) return clientError;
        return await handler.HandleAsync(request, client, cancellationToken);
    }

    internal static OAuthResult<IGrantHandler> ChooseGrant(IReadOnlyDictionary<string, IGrantHandler> handlers, string? grantType) => grantType switch
    {
        null or "" => OAuthError.InvalidRequest("grant_type is required."),
        _ when handlers.TryGetValue(grantType, out var handler) => OAuthResult<IGrantHandler>.Of(handler),
        _ => OAuthError.UnsupportedGrantType(grantType, handlers.Keys.Order(StringComparer.Ordinal)),
    };

    internal static OAuthError? CheckClientMayUseGrant(Client client, string grantType)
        => client.GrantTypes.Contains(grantType)
            ? null
            : OAuthError.UnauthorizedClient($"This client may not use the {grantType} grant.");

    [LoggerMessage(EventId = LogEvents.ClientAuthenticationFailed, Level = LogLevel.Information, Message = "Client authentication failed for {ClientId}: {Reason}")]
    private static partial void LogClientRejected(ILogger logger, string clientId, string reason);
}
