using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Tollgate.AspNetCore;

namespace DotnetBench;

/// <summary>
/// The API under wrk: <c>GET /contacts/{id}</c> answering a small JSON body that names the caller,
/// protected four ways, one process per mode:
/// <c>none</c> (no authentication: the floor), <c>tollgate</c> (Tollgate.AspNetCore, revocation feed
/// on, <c>RequireScope("read:contacts")</c>), <c>tollgate-rules</c> (Tollgate.AspNetCore with the
/// server's route rules and no attribute, as the contacts sample runs), <c>jwtbearer</c>
/// (Microsoft.AspNetCore.Authentication.JwtBearer with the same checks: issuer by discovery,
/// audience, RS256/ES256/PS256, <c>typ at+jwt</c>, 30 s skew, and a policy on the <c>scope</c> claim).
/// Logs at Warning in every mode.
/// </summary>
internal static class ApiHost
{
    private const string Scope = "read:contacts";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Args(args);
        var mode = a.Required("mode");
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var protect = mode switch
        {
            "none" => (Action<WebApplication, RouteHandlerBuilder>?)null,
            "tollgate" or "tollgate-rules" => AddTollgate(builder, a, rules: mode == "tollgate-rules"),
            "jwtbearer" => AddJwtBearer(builder, a),
            _ => throw new ArgumentException($"--mode must be none, tollgate, tollgate-rules or jwtbearer, not '{mode}'"),
        };
        var app = builder.Build();
        if (mode == "tollgate-rules") app.UseTollgateRouteRules();
        if (protect is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        var endpoint = app.MapGet("/contacts/{id:long}", (long id, HttpContext context)
            => Results.Json(new Contact(id, "Bench Contact", context.User.FindFirst("client_id")?.Value ?? "anonymous"), BenchJson.Default.Contact));
        protect?.Invoke(app, endpoint);
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
        return 0;
    }

    private static Action<WebApplication, RouteHandlerBuilder> AddTollgate(WebApplicationBuilder builder, Args a, bool rules)
    {
        builder.Services.AddAuthentication(TollgateDefaults.AuthenticationScheme).AddTollgate(o =>
        {
            o.Authority = a.Required("authority");
            o.Audience = a.Required("audience");
            o.ClientId = a.Required("client-id");
            o.ClientSecret = a.Required("client-secret");
            o.UseRouteRules = rules;
        });
        builder.Services.AddAuthorization();
        return rules ? (_, _) => { } : (_, endpoint) => endpoint.RequireScope(Scope);
    }

    private static Action<WebApplication, RouteHandlerBuilder> AddJwtBearer(WebApplicationBuilder builder, Args a)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = a.Required("authority");
            o.Audience = a.Required("audience");
            o.RequireHttpsMetadata = false; // a loopback http issuer
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = a.Required("authority"),
                ValidAudience = a.Required("audience"),
                ValidAlgorithms = ["RS256", "ES256", "PS256"],
                ValidTypes = ["at+jwt", "JWT"],
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        // RFC 9068: scope is one space-separated string claim.
        builder.Services.AddAuthorizationBuilder().AddPolicy("read", p => p.RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.FindFirst("scope")?.Value.Split(' ').Contains(Scope) == true));
        return (_, endpoint) => endpoint.RequireAuthorization("read");
    }
}

internal sealed record Contact(long Id, string Name, string ClientId);

[System.Text.Json.Serialization.JsonSerializable(typeof(Contact))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class BenchJson : System.Text.Json.Serialization.JsonSerializerContext;
