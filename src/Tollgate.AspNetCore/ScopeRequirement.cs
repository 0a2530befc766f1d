using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Tollgate.AspNetCore;

/// <summary>The token must carry every one of <see cref="Scopes"/>; a refusal names them in the 403's <c>WWW-Authenticate</c>.</summary>
public sealed class ScopeRequirement(IReadOnlyList<string> scopes) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public IReadOnlyList<string> Scopes { get; } = scopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (requirement.Scopes.All(s => context.User.HasClaim(TollgateDefaults.ScopeClaim, s))) context.Succeed(requirement);
        else if (context.Resource is HttpContext http) http.Items[TollgateDefaults.RequiredScopesItem] = requirement.Scopes;
        return Task.CompletedTask;
    }
}
