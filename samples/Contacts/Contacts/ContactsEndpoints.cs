using Contacts.Hosting;
using Contacts.Identity;
using Contacts.Protection;
using Contacts.Storage;
using Microsoft.Extensions.Options;

namespace Contacts.Contacts;

/// <summary>
/// <c>/contacts</c>: list, read, create, replace, delete. Reads need nothing; writes need the
/// caller's client id (forwarded by the gateway, or from the token when the API protects itself),
/// so a gateway that forgot to set it fails loudly with 401.
/// </summary>
public static class ContactsEndpoints
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static RouteGroupBuilder MapContactsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/contacts").WithTags("Contacts").AddEndpointFilter<CallerLogFilter>();
        group.MapGet("/", List);
        group.MapGet("/{id:long}", Get);
        group.MapPost("/", Create);
        group.MapPut("/{id:long}", Replace);
        group.MapDelete("/{id:long}", Delete);
        return group;
    }

    // limit is read as text so that "limit=abc" is a 400 naming it, not a bare binding failure.
    private static async Task<IResult> List(ContactStore store, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            return Invalid("limit", $"must be a whole number between 1 and {MaxLimit}.");
        if (ContactCursor.Decode(cursor) is not { } afterId) return Invalid("cursor", "is not a cursor this API returned.");
        return Results.Ok(await store.ListAsync(afterId, take, cancellationToken));
    }

    private static async Task<IResult> Get(long id, ContactStore store, CancellationToken cancellationToken)
        => await store.FindAsync(id, cancellationToken) is { } contact ? Results.Ok(contact) : NotFound(id);

    private static async Task<IResult> Create(HttpContext context, CallerIdentity identity, ContactStore store, TimeProvider time)
    {
        if (identity.ClientId is not { } clientId) return MissingIdentity(context);
        var (draft, problem) = await ReadDraftAsync(context);
        if (problem is not null) return problem;
        var contact = await store.CreateAsync(draft!, clientId, time.GetUtcNow(), context.RequestAborted);
        return Results.Created($"/contacts/{contact.Id}", contact);
    }

    private static async Task<IResult> Replace(long id, HttpContext context, CallerIdentity identity, ContactStore store, TimeProvider time)
    {
        if (identity.ClientId is null) return MissingIdentity(context);
        var (draft, problem) = await ReadDraftAsync(context);
        if (problem is not null) return problem;
        return await store.ReplaceAsync(id, draft!, time.GetUtcNow(), context.RequestAborted) is { } contact ? Results.Ok(contact) : NotFound(id);
    }

    private static async Task<IResult> Delete(long id, HttpContext context, CallerIdentity identity, ContactStore store)
    {
        if (identity.ClientId is null) return MissingIdentity(context);
        return await store.DeleteAsync(id, context.RequestAborted) ? Results.NoContent() : NotFound(id);
    }

    private static async Task<(ContactDraft? Draft, IResult? Problem)> ReadDraftAsync(HttpContext context)
    {
        var (input, problem) = await JsonBody.ReadAsync<ContactInput>(context, ContactInput.ReadOnlyFields);
        if (problem is not null) return (null, problem);
        var (draft, errors) = ContactRules.Validate(input!);
        return errors is not null ? (null, Results.ValidationProblem(errors)) : (draft, null);
    }

    private static IResult MissingIdentity(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ContactsOptions>>().Value;
        return options.Protection == ProtectionMode.Tollgate
            ? Results.Problem(
                title: "Missing caller identity",
                detail: "Writes need an access token naming a client; check the route rules of this API on the Tollgate server.",
                statusCode: StatusCodes.Status401Unauthorized)
            : Results.Problem(
                title: "Missing gateway identity",
                detail: $"Writes need the {options.ClientIdHeader} header that the gateway sets after authorizing the request; check the gateway configuration.",
                statusCode: StatusCodes.Status401Unauthorized);
    }

    private static IResult NotFound(long id)
        => Results.Problem(title: "Not found", detail: $"No contact {id}.", statusCode: StatusCodes.Status404NotFound);

    private static IResult Invalid(string field, string message)
        => Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
