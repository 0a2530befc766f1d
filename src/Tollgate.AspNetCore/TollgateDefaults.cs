namespace Tollgate.AspNetCore;

public static class TollgateDefaults
{
    public const string AuthenticationScheme = "Tollgate";
    /// <summary>The <see cref="Microsoft.AspNetCore.Http.HttpContext.Items"/> key of the engine's <see cref="Authorizer.Decisions.Decision"/>.</summary>
    public const string DecisionItem = "Tollgate.Decision";
    /// <summary>The claim type of each granted scope (one claim per scope).</summary>
    public const string ScopeClaim = "scope";
    internal const string RequiredScopesItem = "Tollgate.RequiredScopes";
}
