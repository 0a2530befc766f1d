using System.Net;
using Microsoft.AspNetCore.Http;
using Tollgate.Server.Admin;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Admin;

/// <summary>The admin filter turns a checked admin token into one <see cref="AdminCaller"/>: client, scopes, address.</summary>
public sealed class AdminCallerTests(InProcessHost host) : IClassFixture<InProcessHost>
{
    private HttpContext Request(string? token)
    {
        var context = new DefaultHttpContext { RequestServices = host.Services };
        if (token is not null) context.Request.Headers.Authorization = $"Bearer {token}";
        context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        return context;
    }

    [Fact]
    public async Task AdminFilter_ValidToken_RemembersClientScopesAndAddress()
    {
        var context = Request(await host.AdminTokenAsync());

        Assert.Null(await AdminEndpoints.CheckAdminTokenAsync(context));

        var caller = AdminCaller.Of(context);
        Assert.Equal(TollgateHost.RootClientId, caller.ClientId);
        Assert.Equal(["tollgate:admin"], caller.Scopes);
        Assert.True(caller.HasScope("tollgate:admin"));
        Assert.False(caller.HasScope("tollgate:admin:read"));
        Assert.Equal("203.0.113.7", caller.Address);
        Assert.Equal(new Core.Audit.AuditActor(TollgateHost.RootClientId, "203.0.113.7"), caller.Actor);
    }

    [Fact]
    public async Task AdminFilter_TokenWithoutTheAdminScope_IsRefusedAndRemembersNoCaller()
    {
        var audience = await host.CreateApiAsync();
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var context = Request(await host.TokenAsync(id, secret, audience));

        var refusal = await AdminEndpoints.CheckAdminTokenAsync(context);

        Assert.NotNull(refusal);
        Assert.Throws<InvalidOperationException>(() => AdminCaller.Of(context));
    }
}
