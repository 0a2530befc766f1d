using System.Net;
using Tollgate.Server.Tests.Decisions;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Admin;

/// <summary>/admin/apis/{id}/routes and the rules feed authorizers poll.</summary>
public sealed class RoutesAdminTests(InProcessHost host) : IClassFixture<InProcessHost>
{
    private string RoutesPath(string audience) => $"/admin/apis/{Uri.EscapeDataString(audience)}/routes";

    [Fact]
    public async Task Routes_PutThenGet_RoundTrips_AndStartsEmpty()
    {
        var audience = await host.CreateApiAsync();
        Assert.Equal("{\"rules\":[]}", await (await host.AdminAsync(HttpMethod.Get, RoutesPath(audience))).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, RoutesPath(audience), ForwardAuthTests<InProcessHost>.Rules)).StatusCode);
        Assert.Contains("DELETE /contacts/{id}", await (await host.AdminAsync(HttpMethod.Get, RoutesPath(audience))).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"rules\":[{\"route\":\"GET /x\",\"scopes\":[\"delete:everything\"]}]}", "rules[0]")]
    [InlineData("{\"rules\":[{\"route\":\"GET\"}]}", "rules[0]")]
    [InlineData("{\"rules\":[{\"route\":\"GET /a\",\"scopes\":[\"read:contacts\"]},{\"method\":\"GET\"}]}", "rules[1]")]
    [InlineData("{\"nope\":1}", "rules")]
    [InlineData("not json", "rules")]
    public async Task Routes_Invalid_Is400NamingTheRule_AndKeepsTheOldRules(string body, string field)
    {
        var audience = await host.CreateApiAsync();
        await host.AdminAsync(HttpMethod.Put, RoutesPath(audience), ForwardAuthTests<InProcessHost>.Rules);
        var response = await host.AdminAsync(HttpMethod.Put, RoutesPath(audience), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
        Assert.Contains("DELETE /contacts/{id}", await (await host.AdminAsync(HttpMethod.Get, RoutesPath(audience))).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"rules\":[{\"route\":\"GET /a/{id}\",\"scopes\":[\"read:contacts\"]},{\"route\":\"GET /a/{x}\",\"scopes\":[\"read:contacts\"]}]}", "rules[1]", "GET /a/{x}: same method and path shape as rules[0] (GET /a/{id})")]
    [InlineData("{\"rules\":[],\"actions\":{\"GET\":\" \"}}", "actions", "'GET' → ' ' must map an HTTP method to a non-empty action")]
    [InlineData("{\"rules\":[],\"rate_limit\":{\"requests_per_second\":5,\"burst\":0}}", "rate_limit.burst", "must be a whole number from 1 to 1000000, not 0")]
    [InlineData("{\"rules\":[{\"route\":\"GET /x\",\"scopes\":[\"delete:everything\"]}]}", "rules[0]", null)]
    public async Task Routes_Invalid_ErrorsAreKeyedByThePath_NotReadBackFromTheMessage(string body, string field, string? message)
    {
        var audience = await host.CreateApiAsync();
        var response = await host.AdminAsync(HttpMethod.Put, RoutesPath(audience), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        var messages = errors[field]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        if (message is not null) Assert.Equal([message], messages);
        Assert.DoesNotContain(messages, m => m.StartsWith(field, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RulesFeed_IsConditional_AndChangesWithTheRules()
    {
        var audience = await host.CreateApiAsync();
        var gateway = await host.CreateClientAsync(introspect: true);
        HttpRequestMessage Poll(string? etag)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/routes?audience={Uri.EscapeDataString(audience)}");
            request.Headers.Authorization = TollgateHost.Basic(gateway.Id, gateway.Secret);
            if (etag is not null) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            return request;
        }

        var first = await host.Http.SendAsync(Poll(null));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.NotModified, (await host.Http.SendAsync(Poll(etag))).StatusCode);

        await host.AdminAsync(HttpMethod.Put, RoutesPath(audience), ForwardAuthTests<InProcessHost>.Rules);
        var changed = await host.Http.SendAsync(Poll(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        Assert.Contains("POST /contacts", await changed.Content.ReadAsStringAsync());

        var plain = await host.CreateClientAsync(introspect: false);
        var refused = new HttpRequestMessage(HttpMethod.Get, $"/routes?audience={Uri.EscapeDataString(audience)}");
        refused.Headers.Authorization = TollgateHost.Basic(plain.Id, plain.Secret);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Http.SendAsync(refused)).StatusCode);
    }
}
