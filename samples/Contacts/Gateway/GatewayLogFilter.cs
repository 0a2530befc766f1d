namespace Contacts.Gateway;

/// <summary>
/// Logs the identity the gateway forwarded for every contacts request: client id and scopes,
/// never the <c>Authorization</c> header or any token.
/// </summary>
public sealed partial class GatewayLogFilter(ILogger<GatewayLogFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var identity = await GatewayIdentity.BindAsync(http);
        LogRequest(logger, http.Request.Method, http.Request.Path, identity?.ClientId ?? "(none)", identity?.Scopes ?? "(none)");
        return await next(context);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} from gateway client {ClientId} with scopes {Scopes}")]
    private static partial void LogRequest(ILogger logger, string method, string path, string clientId, string scopes);
}
