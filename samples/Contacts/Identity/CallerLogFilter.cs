namespace Contacts.Identity;

/// <summary>
/// Logs who called, for every contacts request: client id and scopes and where they came from
/// (the gateway's headers or the validated token), never the <c>Authorization</c> header or any token.
/// </summary>
public sealed partial class CallerLogFilter(ILogger<CallerLogFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var identity = await CallerIdentity.BindAsync(http);
        LogRequest(logger, http.Request.Method, http.Request.Path, identity?.Source ?? "gateway", identity?.ClientId ?? "(none)", identity?.Scopes ?? "(none)");
        return await next(context);
    }

    [LoggerMessage(EventId = 10001, Level = LogLevel.Information, Message = "{Method} {Path} from {Source} client {ClientId} with scopes {Scopes}")]
    private static partial void LogRequest(ILogger logger, string method, string path, string source, string clientId, string scopes);
}
