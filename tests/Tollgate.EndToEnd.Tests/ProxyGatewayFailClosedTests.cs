using System.Net;
using Tollgate.EndToEnd.Tests.Infrastructure;

namespace Tollgate.EndToEnd.Tests;

/// <summary>
/// Caddy and HAProxy from their deploy/ templates with Tollgate unreachable: every protected request is
/// refused with a JSON error and never reaches the API (fail closed); the unprotected health check still does.
/// The gateway's log names the request but never the token.
/// </summary>
public sealed class ProxyGatewayFailClosedTests
{
    public static TheoryData<string> Gateways => new() { ApiTarget.Caddy, ApiTarget.Haproxy };

    [Theory, MemberData(nameof(Gateways))]
    public async Task TollgateUnreachable_RequestRefusedInJson_ApiNeverCalled(string gateway)
    {
        await using var api = await RecordingApi.StartAsync();
        var directory = Directory.CreateTempSubdirectory($"tollgate-{gateway}-").FullName;
        var nobody = $"127.0.0.1:{ServiceProcess.FreePort()}";   // nothing listens there
        var contacts = $"127.0.0.1:{api.Port}";
        try
        {
            await using var proxy = gateway == ApiTarget.Caddy
                ? await CaddyGateway.StartAsync(directory, nobody, contacts, "https://contacts.example")
                : await HaproxyGateway.StartAsync(directory, nobody, contacts, "https://contacts.example");

            const string token = "token-that-must-not-be-logged";
            var answer = await proxy.Http.PostAsync("/contacts", token, """{"name":"Never stored"}""");

            Assert.True((int)answer.Status is 500 or 502, answer.ToString());
            Assert.Equal("application/json", answer.MediaType);
            Assert.False(string.IsNullOrEmpty(answer.Str("error")), answer.ToString());
            Assert.DoesNotContain(api.Received, r => r.Path.StartsWith("/contacts", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, (await proxy.Http.GetAsync("/health")).StatusCode);
            // The access log reaches us through a pipe: on a loaded machine it may lag the answers by seconds.
            for (var i = 0; i < 300 && !proxy.Output.Contains("/health", StringComparison.Ordinal); i++) await Task.Delay(50);
            Assert.Contains("/contacts", proxy.Output);   // the request was logged (access log on stderr) ...
            Assert.DoesNotContain(token, proxy.Output);   // ... without its token
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
