using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Tollgate.Server.Hosting;

/// <summary>
/// A request that needed the database while it was unreachable: 503 naming the cause (OAuth
/// endpoints in RFC 6749's error shape, the rest as ProblemDetails), never a 500. Issuing,
/// introspecting and deciding do not read the database, so this is what admin writes (and the
/// few OAuth steps that must write, such as a private_key_jwt assertion's jti) answer in an outage.
/// </summary>
public sealed partial class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (DbException or TimeoutException) || context.Response.HasStarted) return false;
        LogUnavailable(logger, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        const string detail = "The database is unreachable, so this request cannot be completed; nothing was changed. Tokens, introspection and decisions keep working from memory. Retry shortly.";
        if (context.Request.Path.StartsWithSegments("/oauth2"))
        {
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "temporarily_unavailable", ["error_description"] = detail },
                ServerJson.Default.DictionaryStringString, contentType: null, cancellationToken);
            return true;
        }
        await context.Response.WriteAsJsonAsync(new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable, Title = "Database unavailable", Detail = detail,
            Type = "https://tollgate.dev/problems/database-unavailable",
        }, ServerJson.Default.ProblemDetails, contentType: "application/problem+json", cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = LogEvents.DatabaseUnavailable, Level = LogLevel.Warning, Message = "{Method} {Path}: database unavailable ({ExceptionType}: {Reason}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exceptionType, string reason);
}
