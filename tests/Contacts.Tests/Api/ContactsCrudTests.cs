using System.Net;
using Contacts.Tests.Infrastructure;

namespace Contacts.Tests.Api;

public sealed class ContactsCrudTests : IAsyncLifetime
{
    private ContactsHost _host = null!;

    public async Task InitializeAsync() => _host = await ContactsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string? json = null, string? clientId = "svc-writer")
        => _host.Http.SendAsync(Http.Request(method, path, json, clientId));

    [Fact]
    public async Task Create_ValidBody_Returns201WithLocationAndStoredFields()
    {
        var response = await Send(HttpMethod.Post, "/contacts", """{"name":"  Ada Lovelace ","email":"ada@example.com","phone":"+44 20 7946 0000"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body["id"]!.GetValue<long>();
        Assert.Equal($"/contacts/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("Ada Lovelace", body.Str("name"));
        Assert.Equal("ada@example.com", body.Str("email"));
        Assert.Equal("+44 20 7946 0000", body.Str("phone"));
        Assert.Equal("svc-writer", body.Str("created_by"));
        Assert.Equal(body.Str("created_at"), body.Str("updated_at"));
    }

    [Fact]
    public async Task Get_AfterCreate_ReturnsSameContact()
    {
        var created = await (await Send(HttpMethod.Post, "/contacts", """{"name":"Grace"}""")).JsonAsync();

        var response = await Send(HttpMethod.Get, $"/contacts/{created["id"]}", clientId: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Grace", body.Str("name"));
        Assert.Null(body["email"]);
        Assert.Null(body["phone"]);
        Assert.Equal("svc-writer", body.Str("created_by"));
    }

    [Fact]
    public async Task Replace_ExistingContact_ChangesFieldsKeepsCreator()
    {
        var created = await (await Send(HttpMethod.Post, "/contacts", """{"name":"Alan","email":"alan@example.com"}""")).JsonAsync();

        var response = await Send(HttpMethod.Put, $"/contacts/{created["id"]}", """{"name":"Alan Turing","phone":"555-0100"}""", clientId: "svc-other");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Alan Turing", body.Str("name"));
        Assert.Null(body["email"]);
        Assert.Equal("555-0100", body.Str("phone"));
        Assert.Equal("svc-writer", body.Str("created_by"));
        Assert.Equal(created.Str("created_at"), body.Str("created_at"));
        Assert.True(DateTimeOffset.Parse(body.Str("updated_at")!) >= DateTimeOffset.Parse(created.Str("updated_at")!));
    }

    [Fact]
    public async Task Delete_ExistingContact_Returns204ThenGetIs404()
    {
        var created = await (await Send(HttpMethod.Post, "/contacts", """{"name":"Edsger"}""")).JsonAsync();

        var deleted = await Send(HttpMethod.Delete, $"/contacts/{created["id"]}");
        var after = await Send(HttpMethod.Get, $"/contacts/{created["id"]}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Theory]
    [InlineData("GET", null)]
    [InlineData("PUT", """{"name":"x"}""")]
    [InlineData("DELETE", null)]
    public async Task Request_UnknownId_Returns404Problem(string method, string? json)
    {
        var response = await Send(new HttpMethod(method), "/contacts/424242", json);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("424242", (await response.JsonAsync()).Str("detail"));
    }

    [Fact]
    public async Task Get_NonNumericId_Returns404()
    {
        var response = await Send(HttpMethod.Get, "/contacts/not-a-number");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_MoreThanLimit_PagesWithCursorInIdOrder()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" }) await Send(HttpMethod.Post, "/contacts", $$"""{"name":"{{name}}"}""");

        var names = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var path = "/contacts?limit=2" + (cursor is null ? "" : "&cursor=" + cursor);
            var page = await (await Send(HttpMethod.Get, path, clientId: null)).JsonAsync();
            names.AddRange(page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
            cursor = page.Str("next_cursor");
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("cursor=bogus", "cursor")]
    public async Task List_BadPaging_Returns400NamingParameter(string query, string field)
    {
        var response = await Send(HttpMethod.Get, "/contacts?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.JsonAsync()).Errors(field));
    }

    [Fact]
    public async Task Health_Get_Returns200()
    {
        var response = await _host.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.JsonAsync()).Str("status"));
    }
}
