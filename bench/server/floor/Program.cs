// A minimal ASP.NET Core app answering a small form POST with a small JSON body, and a GET with
// two small headers and no body (the shape of a forward-auth decision, for bench/gateway): the
// most a Tollgate endpoint on the same runtime and machine could do, for comparison.
// floor --urls http://127.0.0.1:PORT
using System.Text;

var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
var answer = Encoding.UTF8.GetBytes("{\"access_token\":\"floor\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
app.MapPost("/oauth2/token", async (HttpContext context) =>
{
    var form = await context.Request.ReadFormAsync();
    if (form["grant_type"] != "client_credentials") return Results.BadRequest();
    return Results.Bytes(answer, "application/json");
}).DisableAntiforgery();
app.MapGet("/decisions", (HttpContext context) =>
{
    context.Response.Headers["X-Tollgate-Client-Id"] = "floor";
    context.Response.Headers["X-Tollgate-Scopes"] = "read:contacts";
    return Results.Ok();
});
app.Run();
