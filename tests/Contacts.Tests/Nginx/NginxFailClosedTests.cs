using System.Net;
using System.Net.Http.Headers;
using Contacts.Tests.Infrastructure;

namespace Contacts.Tests.Nginx;

/// <summary>With the decision service gone, nginx refuses everything it would have asked about.</summary>
public sealed class NginxFailClosedTests : IAsyncLifetime
{
    private readonly NginxGateway _gateway = new();

    public Task InitializeAsync() => _gateway.InitializeAsync();

    public Task DisposeAsync() => _gateway.DisposeAsync();

    [Theory]
    [InlineData("GET", "/contacts")]
    [InlineData("POST", "/contacts")]
    [InlineData("DELETE", "/contacts/1")]
    public async Task Request_DecisionServiceStopped_RefusedWithJson500(string method, string path)
    {
        await _gateway.Stub.StopAsync();
        var request = Http.Request(new HttpMethod(method), path, method == "POST" ? """{"name":"x"}""" : null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DecisionStub.Writer);

        var response = await _gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("authorization_unavailable", (await response.JsonAsync()).Str("error"));
        Assert.Equal(0, _gateway.Contacts.ContactsRequests);
    }
}
