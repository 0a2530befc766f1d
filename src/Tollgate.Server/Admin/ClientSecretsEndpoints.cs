using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tollgate.Core.Admin;
using Tollgate.Core.Clients;

namespace Tollgate.Server.Admin;

public sealed record SecretRequest(DateTimeOffset? ExpiresAt, DateTimeOffset? ExpireOthersAt);

public sealed record SecretExpiryRequest(DateTimeOffset? ExpiresAt);

public sealed record SecretResponse(string Id, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>Present only in the response that created the secret.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientSecret { get; init; }

    public static SecretResponse From(ClientSecret s) => new(s.Id, s.CreatedAt, s.ExpiresAt);
}

/// <summary><c>/admin/clients/{clientId}/secrets</c>: rotation without downtime.</summary>
public static class ClientSecretsEndpoints
{
    public static RouteGroupBuilder MapClientSecrets(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/clients/{clientId}/secrets").WithTags("Clients");
        group.MapGet("/", List).Produces<ListResponse<SecretResponse>>();
        group.MapPost("/", Add).Accepts<SecretRequest>("application/json").Produces<SecretResponse>(StatusCodes.Status201Created);
        group.MapPatch("/{secretId}", SetExpiry).Accepts<SecretExpiryRequest>("application/json").Produces<SecretResponse>();
        group.MapDelete("/{secretId}", Delete).Produces(StatusCodes.Status204NoContent);
        return group;
    }

    private static IResult List(string clientId, ClientSecretAdmin secrets)
        => AdminResults.From(secrets.List(clientId), list => new ListResponse<SecretResponse>(list.Select(SecretResponse.From).ToList(), null));

    private static async Task<IResult> Add(string clientId, HttpContext context, ClientSecretAdmin secrets)
    {
        var (body, problem) = await JsonBody.ReadAsync<SecretRequest>(context);
        if (problem is not null) return problem;
        var result = await secrets.AddAsync(clientId, body!.ExpiresAt, body.ExpireOthersAt, AdminCaller.Of(context).Actor, context.RequestAborted);
        return AdminResults.From(result, r => SecretResponse.From(r.Secret) with { ClientSecret = r.Value }, s => $"/admin/clients/{clientId}/secrets/{s.Id}");
    }

    private static async Task<IResult> SetExpiry(string clientId, string secretId, HttpContext context, ClientSecretAdmin secrets)
    {
        var (body, problem) = await JsonBody.ReadAsync<SecretExpiryRequest>(context);
        if (problem is not null) return problem;
        return AdminResults.From(await secrets.SetExpiryAsync(clientId, secretId, body!.ExpiresAt, AdminCaller.Of(context).Actor, context.RequestAborted), SecretResponse.From);
    }

    private static async Task<IResult> Delete(string clientId, string secretId, HttpContext context, ClientSecretAdmin secrets, CancellationToken cancellationToken)
    {
        var result = await secrets.DeleteAsync(clientId, secretId, AdminCaller.Of(context).Actor, cancellationToken);
        return result.Outcome == AdminOutcome.Ok ? Results.NoContent() : AdminResults.From(result, SecretResponse.From);
    }
}
