using Tollgate.Client.Tests.Infrastructure;

namespace Tollgate.Client.Tests;

/// <summary>The handler against Tollgate on Kestrel (audience by the <c>audience</c> parameter).</summary>
public sealed class TollgateServerTests(TollgateAuthServer server, TestApi api)
    : ClientCredentialsContract<TollgateAuthServer>(server, api), IClassFixture<TollgateAuthServer>, IClassFixture<TestApi>;
