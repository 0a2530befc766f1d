using System.Net;
using Contacts.Tests.Infrastructure;

namespace Contacts.Tests.Api;

public sealed class GatewayIdentityTests
{
    [Theory]
    [InlineData("POST", "/contacts", """{"name":"x"}""")]
    [InlineData("PUT", "/contacts/1", """{"name":"x"}""")]
    [InlineData("DELETE", "/contacts/1", null)]
    public async Task Write_WithoutClientIdHeader_Returns401MissingGatewayIdentity(string method, string path, string? json)
    {
        await using var host = await ContactsHost.StartAsync();

        var response = await host.Http.SendAsync(Http.Request(new HttpMethod(method), path, json));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("Missing gateway identity", problem.Str("title"));
        Assert.Contains("X-Client-Id", problem.Str("detail"));
    }

    [Fact]
    public async Task Write_WithoutClientIdHeader_WritesNothing()
    {
        await using var host = await ContactsHost.StartAsync();

        await host.Http.SendAsync(Http.Request(HttpMethod.Post, "/contacts", """{"name":"x"}"""));
        var list = await (await host.Http.GetAsync("/contacts")).JsonAsync();

        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Write_BlankClientIdHeader_Returns401()
    {
        await using var host = await ContactsHost.StartAsync();

        var response = await host.Http.SendAsync(Http.Request(HttpMethod.Post, "/contacts", """{"name":"x"}""", clientId: "  "));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Read_WithoutClientIdHeader_Returns200()
    {
        await using var host = await ContactsHost.StartAsync();

        var response = await host.Http.GetAsync("/contacts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_ConfiguredHeaderName_TakesCreatorFromThatHeader()
    {
        await using var host = await ContactsHost.StartAsync(settings: new() { ["Contacts:ClientIdHeader"] = "X-Gateway-Client" });
        var request = Http.Request(HttpMethod.Post, "/contacts", """{"name":"x"}""", clientId: "ignored-default-header");
        request.Headers.Add("X-Gateway-Client", "svc-configured");

        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("svc-configured", (await response.JsonAsync()).Str("created_by"));
    }
}
