using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Tollgate.Core.Keys;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Admin;

public sealed class ShortRotationHost() : TollgateHost(null)
{
    protected override bool UseKestrel => false;
    protected override void Configure(Dictionary<string, string?> settings) => settings["Tollgate:Keys:Periods:ES256"] = "02:00:00";
}

/// <summary>Signing keys move through publish → sign → retire → unpublish on a fake clock.</summary>
public sealed class KeyRotationTests(ShortRotationHost host) : IClassFixture<ShortRotationHost>
{
    private Task RunScheduleAsync() => host.Services.GetRequiredService<KeyManager>().RotateDueAsync(CancellationToken.None);

    private async Task<List<JsonObject>> KeysAsync(string alg)
        => (await host.AdminOkAsync(HttpMethod.Get, "/admin/keys"))["items"]!.AsArray().Select(k => k!.AsObject()).Where(k => k.Str("alg") == alg).ToList();

    private async Task<HashSet<string>> PublishedKidsAsync()
        => JsonNode.Parse(await host.Http.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray().Select(k => k!["kid"]!.GetValue<string>()).ToHashSet();

    private async Task<(string Audience, string Id, string Secret, (string Id, string Secret) Resource)> SetupAsync(string alg)
    {
        var audience = await host.CreateApiAsync(alg: alg, lifetime: 600);
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        return (audience, id, secret, await host.CreateClientAsync(introspect: true));
    }

    private async Task AssertOneCurrentAsync(string alg)
        => Assert.Single(await KeysAsync(alg), k => k.Str("status") == "current");

    [Fact]
    public async Task ManualRotation_PublishesFirst_SwitchesAtActivation_UnpublishesAfterLastTokenExpires()
    {
        var (audience, id, secret, resource) = await SetupAsync("RS256");
        var oldKid = new JsonWebToken(await host.TokenAsync(id, secret, audience)).Kid;

        var rotated = await host.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "RS256" });
        var newKid = rotated.Str("kid");
        Assert.Equal("next", rotated.Str("status"));
        Assert.Contains(newKid, await PublishedKidsAsync());                                 // published before it signs
        Assert.Equal(oldKid, new JsonWebToken(await host.TokenAsync(id, secret, audience)).Kid);
        await AssertOneCurrentAsync("RS256");

        host.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await RunScheduleAsync();
        var lastOldToken = await host.TokenAsync(id, secret, audience);
        Assert.Equal(newKid, new JsonWebToken(lastOldToken).Kid);                            // the new key signs
        await AssertOneCurrentAsync("RS256");
        Assert.Contains(oldKid, await PublishedKidsAsync());                                 // the old one stays published

        host.Time.Advance(TimeSpan.FromMinutes(9));
        await RunScheduleAsync();
        Assert.Contains(oldKid, await PublishedKidsAsync());                                 // its tokens may still be live

        host.Time.Advance(TimeSpan.FromHours(2));
        await RunScheduleAsync();
        Assert.DoesNotContain(oldKid, await PublishedKidsAsync());                           // every token it signed has expired
        Assert.Contains(newKid, await PublishedKidsAsync());
        Assert.True((await host.IntrospectAsync(await host.TokenAsync(id, secret, audience), resource.Id, resource.Secret))["active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ScheduledRotation_PrePublishesTheSuccessorAnHourBeforeThePeriodEnds()
    {
        var (audience, id, secret, _) = await SetupAsync("ES256");

        // Period 2 h, pre-publish 1 h: walking the clock forward in small steps, a successor is
        // published at most an hour before it takes over, the current key retires exactly then,
        // and at every step exactly one key signs.
        JsonObject? successor = null;
        for (var step = 0; step < 24 && successor is null; step++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(10));
            await RunScheduleAsync();
            await AssertOneCurrentAsync("ES256");
            successor = (await KeysAsync("ES256")).FirstOrDefault(k => k.Str("status") == "next");
        }
        Assert.NotNull(successor);
        var activatesAt = DateTimeOffset.Parse(successor.Str("activates_at"), System.Globalization.CultureInfo.InvariantCulture);
        var untilActivation = activatesAt - host.Time.GetUtcNow();
        Assert.InRange(untilActivation, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var current = Assert.Single(await KeysAsync("ES256"), k => k.Str("status") == "current");
        Assert.Equal(activatesAt, DateTimeOffset.Parse(current.Str("retires_at"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(successor.Str("kid"), await PublishedKidsAsync());
        Assert.Equal(current.Str("kid"), new JsonWebToken(await host.TokenAsync(id, secret, audience)).Kid);

        host.Time.Advance(untilActivation);
        await RunScheduleAsync();
        Assert.Equal(successor.Str("kid"), new JsonWebToken(await host.TokenAsync(id, secret, audience)).Kid);
        await AssertOneCurrentAsync("ES256");
    }

    [Fact]
    public async Task EmergencyRotation_SignsWithTheNewKeyAtOnce()
    {
        var (audience, id, secret, _) = await SetupAsync("PS256");
        var rotated = await host.AdminOkAsync(HttpMethod.Post, "/admin/keys/rotate", new { alg = "PS256", immediately = true });
        Assert.Equal("current", rotated.Str("status"));
        Assert.Equal(rotated.Str("kid"), new JsonWebToken(await host.TokenAsync(id, secret, audience)).Kid);
        await AssertOneCurrentAsync("PS256");
    }

    [Theory]
    [InlineData("{\"alg\":\"HS256\"}", "alg")]
    [InlineData("{}", "alg")]
    [InlineData("{\"alg\":\"RS256\",\"activates_at\":\"2000-01-01T00:00:00Z\"}", "activates_at")]
    public async Task Rotate_BadRequest_Is400AndCreatesNoKey(string body, string field)
    {
        var before = (await host.AdminOkAsync(HttpMethod.Get, "/admin/keys"))["items"]!.AsArray().Count;
        var response = await host.AdminAsync(HttpMethod.Post, "/admin/keys/rotate", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await host.AdminOkAsync(HttpMethod.Get, "/admin/keys"))["items"]!.AsArray().Count);
    }
}
