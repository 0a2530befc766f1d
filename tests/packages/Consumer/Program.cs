// A user's service: an API protected by Tollgate.AspNetCore that calls itself through an
// HttpClient carrying Tollgate.Client tokens. Exits 0 when the call is allowed, and a token
// without the scope is refused with 403.
// Env: TOLLGATE_ISSUER, TOLLGATE_AUDIENCE, API_CLIENT_ID/SECRET (allow_introspection), CALLER_ID/SECRET.
using Tollgate.AspNetCore;
using Tollgate.Client;

string Env(string name) => Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set");

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddAuthentication(TollgateDefaults.AuthenticationScheme).AddTollgate(o =>
{
    o.Authority = Env("TOLLGATE_ISSUER");
    o.Audience = Env("TOLLGATE_AUDIENCE");
    o.ClientId = Env("API_CLIENT_ID");
    o.ClientSecret = Env("API_CLIENT_SECRET");
});
builder.Services.AddAuthorization();
builder.Services.AddHttpClient("self").AddClientCredentialsToken(o =>
{
    o.Authority = new Uri(Env("TOLLGATE_ISSUER"));
    o.ClientId = Env("CALLER_ID");
    o.ClientSecret = Env("CALLER_SECRET");
    o.Audience = Env("TOLLGATE_AUDIENCE");
    o.Scope = "read:contacts";
});
var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/contacts", (HttpContext c) => $"contacts for {c.User.FindFirst("client_id")?.Value}").RequireScope("read:contacts");
app.MapGet("/admin", () => "admin").RequireScope("write:contacts");
await app.StartAsync();
var address = app.Urls.First();

var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("self");
client.BaseAddress = new Uri(address);
var allowed = await client.GetAsync("/contacts");
var refused = await client.GetAsync("/admin");
Console.WriteLine($"consumer: /contacts {(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}; /admin {(int)refused.StatusCode}");
await app.StopAsync();
return allowed.IsSuccessStatusCode && (int)refused.StatusCode == 403 ? 0 : 1;
