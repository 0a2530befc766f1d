using Microsoft.AspNetCore.Http;
using Tollgate.Core.Admin;
using Tollgate.Core.Storage;

namespace Tollgate.Server.Admin;

/// <summary>Maps admin outcomes onto HTTP: ProblemDetails for every failure.</summary>
internal static class AdminResults
{
    public static IResult From<T, TDto>(AdminResult<T> result, Func<T, TDto> map, Func<TDto, string>? location = null) => result.Outcome switch
    {
        AdminOutcome.Ok => Results.Ok(map(result.Value!)),
        AdminOutcome.Created => Results.Created(location?.Invoke(map(result.Value!)), map(result.Value!)),
        AdminOutcome.NotFound => Results.Problem(title: "Not found", detail: result.Message, statusCode: StatusCodes.Status404NotFound),
        AdminOutcome.Conflict => Results.Problem(title: "Conflict", detail: result.Message, statusCode: StatusCodes.Status409Conflict),
        _ => Results.ValidationProblem(result.Errors!),
    };

    public static IResult NotFound(string what) => Results.Problem(title: "Not found", detail: $"No {what}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Reads <c>limit</c> and <c>cursor</c>; a bad value is a 400 naming it.</summary>
    public static (PageRequest? Page, IResult? Problem) Paging(int? limit, string? cursor)
    {
        if (limit is < 1 or > PageRequest.MaxLimit)
            return (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"must be between 1 and {PageRequest.MaxLimit}."] }));
        if (PageCursor.Decode(cursor) is null)
            return (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["is not a cursor this server returned."] }));
        return (new PageRequest(limit ?? PageRequest.DefaultLimit, cursor), null);
    }

    public static IResult List<T, TDto>(Page<T> page, Func<T, TDto> map) => Results.Ok(new ListResponse<TDto>(page.Items.Select(map).ToList(), page.NextCursor));
}
