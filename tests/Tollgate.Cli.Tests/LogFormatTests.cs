using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Cli.Tests.Infrastructure;

namespace Tollgate.Cli.Tests;

/// <summary><c>Tollgate:LogFormat=json</c>: every line a JSON object with the Lambda authorizer's fields, and never a secret or a token.</summary>
public sealed class LogFormatTests
{
    private const string RootSecret = "log-format-root-secret-0123456789abcdef";

    [Fact]
    public async Task Serve_JsonLogFormat_WritesOneObjectPerLine_WithoutSecretsOrTokens()
    {
        var directory = Directory.CreateTempSubdirectory("tollgate-logs-").FullName;
        var url = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
        var server = ServiceProcess.Start("tollgate", "dotnet",
            [ServerFixture.TollgateDll, "serve", "--urls", url, $"--Tollgate:DataDirectory={Path.Combine(directory, "data")}", "--Tollgate:LogFormat=json"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Information", ["Tollgate__Bootstrap__RootClientSecret"] = RootSecret }, directory);
        string output;
        string token;
        string clientSecret;
        const string wrongSecret = "not-the-secret-but-close-0123456789";
        try
        {
            await server.WaitForHttpAsync($"{url}/health/ready");
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            token = JsonDocument.Parse(await (await TokenAsync(http, RootSecret)).Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(http, wrongSecret)).StatusCode);
            using var decision = new HttpRequestMessage(HttpMethod.Get, "/decisions?audience=https://nowhere.example");
            decision.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
            await http.SendAsync(decision);
            // An admin change: one audit line, with who and what but no secret.
            using var create = new HttpRequestMessage(HttpMethod.Post, "/admin/clients") { Content = new StringContent("{\"client_id\":\"audited-in-log\"}", Encoding.UTF8, "application/json") };
            create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            clientSecret = JsonDocument.Parse(await (await http.SendAsync(create)).Content.ReadAsStringAsync()).RootElement.GetProperty("client_secret").GetString()!;
            await Task.Delay(500); // the console logger writes from its own queue
        }
        finally
        {
            output = server.RecentOutput;
            await server.DisposeAsync();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 3, output);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            foreach (var field in new[] { "time", "level", "category", "eventId", "message" })
                Assert.True(entry.RootElement.TryGetProperty(field, out _), $"no {field} in {line}");
        }
        Assert.Contains(lines, l => l.Contains("\"event\":\"LogClientRejected\"", StringComparison.Ordinal) && l.Contains("\"clientId\":\"tollgate-root\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"eventId\":1600", StringComparison.Ordinal) && l.Contains("\"auditAction\":\"client.create\"", StringComparison.Ordinal)
            && l.Contains("\"resourceId\":\"audited-in-log\"", StringComparison.Ordinal) && l.Contains("\"actor\":\"tollgate-root\"", StringComparison.Ordinal));
        Assert.DoesNotContain(clientSecret, output);
        Assert.DoesNotContain(RootSecret, output);
        Assert.DoesNotContain(wrongSecret, output);
        Assert.DoesNotContain(token, output);
        Assert.DoesNotContain(token.Split('.')[2], output);
    }

    [Fact]
    public async Task Serve_UnknownLogFormat_IsAConfigurationError()
    {
        var stderr = new StringWriter();
        var code = await TollgateCli.RunAsync(["serve", "--Tollgate:LogFormat=xml", $"--Tollgate:DataDirectory={Path.Combine(Path.GetTempPath(), "tollgate-logs-" + Guid.NewGuid().ToString("N"))}"],
            new CliContext { Stdout = new StringWriter(), Stderr = stderr, Stdin = new StringReader(""), Environment = _ => null });
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Tollgate:LogFormat must be text or json, not 'xml'", stderr.ToString());
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient http, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"tollgate-root:{secret}")));
        return http.SendAsync(request);
    }
}
