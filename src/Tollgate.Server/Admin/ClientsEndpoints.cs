using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;

namespace Tollgate.Server.Admin;

/// <summary><c>/admin/clients</c>: the secret appears in the create response only.</summary>
public static class ClientsEndpoints
{
    public static RouteGroupBuilder MapClients(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/clients").WithTags("Clients");
        group.MapPost("/", Create).Accepts<ClientRequest>("application/json").Produces<ClientResponse>(StatusCodes.Status201Created);
        group.MapGet("/", List).Produces<ListResponse<ClientResponse>>();
        group.MapGet("/{clientId}", Get).Produces<ClientResponse>();
        group.MapPatch("/{clientId}", Update).Accepts<ClientRequest>("application/json").Produces<ClientResponse>();
        group.MapDelete("/{clientId}", Delete).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    private static async Task<IResult> Create(HttpContext context, ClientAdmin clients)
    {
        var (body, problem) = await JsonBody.ReadAsync<ClientRequest>(context);
        if (problem is not null) return problem;
        var result = await clients.CreateAsync(body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted);
        return AdminResults.From(result, c => ClientResponse.From(c.Client) with { ClientSecret = c.ClientSecret }, c => $"/admin/clients/{c.ClientId}");
    }

    private static async Task<IResult> List(ClientAdmin clients, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var (page, problem) = AdminResults.Paging(limit, cursor);
        return problem ?? AdminResults.List(await clients.ListAsync(page!, cancellationToken), ClientResponse.From);
    }

    private static IResult Get(string clientId, ClientAdmin clients)
        => clients.Find(clientId) is { } client ? Results.Ok(ClientResponse.From(client)) : AdminResults.NotFound($"client '{clientId}'");

    private static async Task<IResult> Update(string clientId, HttpContext context, ClientAdmin clients)
    {
        var (body, problem) = await JsonBody.ReadAsync<ClientRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await clients.UpdateAsync(clientId, body!.ToDraft(), AdminCaller.Of(context).Actor, context.RequestAborted), ClientResponse.From);
    }

    private static async Task<IResult> Delete(string clientId, HttpContext context, ClientAdmin clients, CancellationToken cancellationToken)
    {
        var result = await clients.DeleteAsync(clientId, AdminCaller.Of(context).Actor, cancellationToken);
        return result.Outcome == AdminOutcome.Ok ? Results.NoContent() : AdminResults.From(result, ClientResponse.From);
    }
}
