using Tollgate.Client.Tests.Infrastructure;

namespace Tollgate.Client.Tests;

/// <summary>The handler against npm oidc-provider (audience by RFC 8707 <c>resource</c>).</summary>
public sealed class OidcProviderTests(OidcProviderAuthServer server, TestApi api)
    : ClientCredentialsContract<OidcProviderAuthServer>(server, api), IClassFixture<OidcProviderAuthServer>, IClassFixture<TestApi>;
