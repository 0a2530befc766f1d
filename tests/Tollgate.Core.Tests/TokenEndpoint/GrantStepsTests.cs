using Tollgate.Core.Apis;
using Tollgate.Core.Clients;
using Tollgate.Core.Grants;
using Tollgate.Core.TokenEndpoint;

namespace Tollgate.Core.Tests.TokenEndpoint;

public sealed class GrantStepsTests
{
    private static readonly Grant Granted = new() { Id = "g", ClientId = "c", Audience = "https://a", Scope = ["read", "write"] };

    [Theory]
    [InlineData(null, "read write")]
    [InlineData("", "read write")]
    [InlineData("write", "write")]
    [InlineData("write read write", "write read")]
    [InlineData("  read  ", "read")]
    public void NarrowScopes_GrantedSubset_IsReturned(string? requested, string expected)
        => Assert.Equal(expected, GrantSteps.NarrowScopes(Granted, requested).Value);

    [Theory]
    [InlineData("admin")]
    [InlineData("read admin")]
    [InlineData("READ")]
    public void NarrowScopes_UngrantedScope_IsInvalidScope(string requested)
        => Assert.Equal("invalid_scope", GrantSteps.NarrowScopes(Granted, requested).Error!.Error);

    [Theory]
    [InlineData(null, 3600, 3600)]
    [InlineData(600, 3600, 600)]
    [InlineData(7200, 3600, 3600)]
    public void Lifetime_ClientOverride_WinsOnlyWhenShorter(int? client, int api, int expected)
        => Assert.Equal(expected, GrantSteps.Lifetime(new Client { ClientId = "c", AccessTokenLifetime = client },
            new Api { Id = "a", Identifier = "https://a", AccessTokenLifetime = api }));
}
