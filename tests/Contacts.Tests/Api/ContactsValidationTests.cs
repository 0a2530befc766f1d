using System.Net;
using Contacts.Tests.Infrastructure;

namespace Contacts.Tests.Api;

public sealed class ContactsValidationTests : IAsyncLifetime
{
    private ContactsHost _host = null!;

    public async Task InitializeAsync() => _host = await ContactsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonObject Body)> Post(string json)
    {
        var response = await _host.Http.SendAsync(Http.Request(HttpMethod.Post, "/contacts", json, clientId: "svc-writer"));
        return (response.StatusCode, await response.JsonAsync());
    }

    [Theory]
    [InlineData("""{}""", "name")]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":null}""", "name")]
    [InlineData("""{"name":"x","email":"not-an-email"}""", "email")]
    [InlineData("""{"name":"x","email":"Ada <ada@example.com>"}""", "email")]
    [InlineData("""{"name":"x","phone":"call me"}""", "phone")]
    [InlineData("""{"name":5}""", "name")]
    [InlineData("""{"name":"x","email":["a@b.c"]}""", "email")]
    [InlineData("""{"name":"x","id":7}""", "id")]
    [InlineData("""{"name":"x","created_by":"me"}""", "created_by")]
    [InlineData("""{"name":"x","nickname":"y"}""", "nickname")]
    public async Task Create_InvalidField_Returns400NamingField(string json, string field)
    {
        var (status, body) = await Post(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body.Errors(field));
    }

    [Fact]
    public async Task Create_NameOf201Characters_Returns400NameTooLong()
    {
        var (status, body) = await Post($$"""{"name":"{{new string('n', 201)}}"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("200", Assert.Single(body.Errors("name")));
    }

    [Fact]
    public async Task Create_NameOf200Characters_Returns201()
    {
        var (status, _) = await Post($$"""{"name":"{{new string('n', 200)}}"}""");

        Assert.Equal(HttpStatusCode.Created, status);
    }

    [Fact]
    public async Task Create_SeveralBadFields_ListsEveryOne()
    {
        var (status, body) = await Post("""{"name":"","email":"x","phone":"abc"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body.Errors("name"));
        Assert.NotEmpty(body.Errors("email"));
        Assert.NotEmpty(body.Errors("phone"));
    }

    [Theory]
    [InlineData("""{"name":""")]
    [InlineData("""not json""")]
    [InlineData("")]
    [InlineData("""["name"]""")]
    [InlineData("""null""")]
    public async Task Create_MalformedJson_Returns400NotServerError(string json)
    {
        var (status, body) = await Post(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body.Errors("$"));
    }

    [Fact]
    public async Task Create_NotJsonContentType_Returns415()
    {
        var request = Http.Request(HttpMethod.Post, "/contacts", clientId: "svc-writer");
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" });

        var response = await _host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Replace_InvalidBody_LeavesContactUnchanged()
    {
        var (_, created) = await Post("""{"name":"Barbara"}""");
        var path = $"/contacts/{created["id"]}";

        var response = await _host.Http.SendAsync(Http.Request(HttpMethod.Put, path, """{"name":"","email":"bad"}""", clientId: "svc-writer"));
        var after = await (await _host.Http.GetAsync(path)).JsonAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Barbara", after.Str("name"));
    }
}
