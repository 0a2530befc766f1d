using System.Net;
using System.Net.Http.Headers;
using Contacts.Tests.Infrastructure;

namespace Contacts.Tests.Api;

/// <summary>
/// <c>Contacts:Protection=Tollgate</c> without a reachable server: settings checked at start, and
/// what the API does before any token can be validated (refuse, in the gateway's JSON, trusting no header).
/// The mode against a real Tollgate is the end-to-end matrix (tests/Tollgate.EndToEnd.Tests).
/// </summary>
public sealed class SelfProtectionTests
{
    /// <summary>Nothing listens on port 1: keys, feed and rules never arrive.</summary>
    private static Dictionary<string, string?> Unreachable(string? database = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Contacts:Protection"] = "Tollgate",
            ["Contacts:Tollgate:Authority"] = "http://127.0.0.1:1",
            ["Contacts:Tollgate:Audience"] = "https://contacts.example",
            ["Contacts:Tollgate:ClientId"] = "contacts-api",
            ["Contacts:Tollgate:ClientSecret"] = "not-a-real-secret",
            ["Contacts:Tollgate:WarmUpTimeout"] = "00:00:01",
        };
        if (database is not null) settings["Contacts:Database"] = database;
        return settings;
    }

    [Fact]
    public async Task Start_TollgateModeWithoutSettings_FailsNamingEachSetting()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ContactsHost.StartAsync(settings: new() { ["Contacts:Protection"] = "tollgate" }));

        Assert.Contains("Contacts:Tollgate:Authority", failure.Message);
        Assert.Contains("Contacts:Tollgate:Audience", failure.Message);
        Assert.Contains("Contacts:Tollgate:ClientId", failure.Message);
    }

    [Theory]
    [InlineData("Nginx")]
    [InlineData("1")]
    public async Task Start_UnknownProtection_FailsNamingTheSettingAndValue(string value)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ContactsHost.StartAsync(settings: new() { ["Contacts:Protection"] = value }));

        Assert.Equal($"Contacts:Protection must be Gateway or Tollgate, not '{value}'.", failure.Message);
    }

    [Fact]
    public async Task Health_TollgateMode_AnswersWithoutToken()
    {
        await using var host = await ContactsHost.StartAsync(settings: Unreachable());

        var response = await host.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Write_TollgateModeIdentityHeadersAndNoToken_UnauthorizedInGatewayJsonAndNothingWritten()
    {
        string database;
        await using (var host = await ContactsHost.StartAsync(settings: Unreachable()))
        {
            database = Path.Combine(host.Directory, "contacts.db");
            var response = await host.Http.SendAsync(Http.Request(HttpMethod.Post, "/contacts", """{"name":"Spoofed"}""", clientId: "svc-writer", scopes: "write:contacts"));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
            var body = await response.JsonAsync();
            Assert.Equal("invalid_token", body.Str("error"));
            Assert.Equal("The access token is missing, invalid, expired or revoked.", body.Str("error_description"));
            File.Copy(database, database + ".kept");
        }
        // The same file read by a gateway-mode API (which needs no token to list): no row.
        await using var reader = await ContactsHost.StartAsync(settings: new() { ["Contacts:Database"] = database + ".kept" });
        Assert.Empty((await (await reader.Http.GetAsync("/contacts")).JsonAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task Read_TollgateModeBadToken_UnauthorizedWithReasonInChallengeAndBody()
    {
        await using var host = await ContactsHost.StartAsync(settings: Unreachable());
        var request = Http.Request(HttpMethod.Get, "/contacts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-jwt");

        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var reason = (await response.JsonAsync()).Str("error_description");
        Assert.False(string.IsNullOrEmpty(reason));
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{reason}\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }
}
