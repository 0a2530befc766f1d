using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tollgate.Interop.Tests.Infrastructure;

/// <summary>
/// A resource server as a .NET team would write it: Kestrel on a free loopback port,
/// Microsoft.AspNetCore.Authentication.JwtBearer with only <c>Authority</c> and <c>Audience</c>
/// set, one protected endpoint (<c>GET /contacts</c>) echoing the token's claims.
/// </summary>
public sealed class ProtectedApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private ProtectedApi(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    /// <param name="configure">Extra JwtBearer settings for tests that prove a non-default one; none by default.</param>
    public static async Task<ProtectedApi> StartAsync(string authority, string audience, Action<JwtBearerOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = authority;
            options.Audience = audience;
            // The issuer is plain http on loopback in these tests; JwtBearer refuses to fetch
            // metadata over http unless told. Production issuers are https and leave this alone.
            options.RequireHttpsMetadata = false;
            configure?.Invoke(options);
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/contacts", (ClaimsPrincipal user) => Results.Json(new Dictionary<string, string?>
        {
            ["sub"] = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            ["client_id"] = user.FindFirst("client_id")?.Value,
            ["scope"] = user.FindFirst("scope")?.Value,
            ["aud"] = user.FindFirst("aud")?.Value,
            ["claim_types"] = string.Join(' ', user.Claims.Select(c => c.Type).Distinct()),
        })).RequireAuthorization();
        await app.StartAsync();
        return new ProtectedApi(app);
    }

    /// <summary>GET /contacts with the bearer token (none when null).</summary>
    public async Task<(int Status, string Body, string Challenge)> GetContactsAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Url}/contacts");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.WwwAuthenticate.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
