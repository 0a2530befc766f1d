using System.Text.Json;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Local;

/// <summary><c>bootstrap invoke</c> as a real process: what users get, like <c>sam local invoke</c>.</summary>
public sealed class InvokeProcessTests : IDisposable
{
    private const string TokenPrefix = "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/dev/";
    private readonly List<string> files = [];

    private string Temp(string name, string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"tollgate-aws-{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, content);
        files.Add(path);
        return path;
    }

    private string Event(string fixture) => Temp(fixture, Fixtures.Text(fixture));

    private string Decision(string json) => Temp("decision.json", json);

    private const string ReadClientAllow = """
        {"kind":"Allow","reason":"allowed","principal":"svc-read","scopes":["read:contacts"],
         "claims":{"client_id":"svc-read","sub":"svc-read","jti":"jti-7"},
         "allowedRoutes":[{"method":"GET","pathPattern":"/contacts"},{"method":"GET","pathPattern":"/contacts/{id}"}]}
        """;

    public void Dispose()
    {
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Invoke_TokenEventWithAllowDecision_PrintsThePolicyOnlyAndExitsZero()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--event", Event(Fixtures.RestToken), "--decision", Decision(ReadClientAllow)]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        JsonAssert.Equal($$$"""
            {"principalId":"svc-read","policyDocument":{"Version":"2012-10-17","Statement":[
              {"Action":"execute-api:Invoke","Effect":"Allow","Resource":["{{{TokenPrefix}}}GET/contacts","{{{TokenPrefix}}}GET/contacts/*"]}]},
             "context":{"client_id":"svc-read","jti":"jti-7","reason":"allowed","scope":"read:contacts","sub":"svc-read"}}
            """, Assert.Single(lines));
        Assert.Contains("\"reason\":\"allowed\"", result.Stderr);
        Assert.DoesNotContain(Fixtures.Token, result.Stderr);
    }

    [Fact]
    public async Task Invoke_UnauthorizedDecision_PrintsTheUnauthorizedErrorAndExitsOne()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--event", Event(Fixtures.RestRequest), "--decision",
            Decision("""{"kind":"Unauthorized","reason":"expired"}""")]);

        Assert.Equal(1, result.ExitCode);
        JsonAssert.Equal("""{"errorMessage":"Unauthorized","errorType":"Unauthorized"}""", result.Stdout);
        Assert.Contains("\"reason\":\"expired\"", result.Stderr);
    }

    [Fact]
    public async Task Invoke_HttpApiEventFromStdinForbidden_PrintsIsAuthorizedFalse()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--event", "-", "--decision",
            Decision("""{"kind":"Forbidden","reason":"insufficient_scope","principal":"svc-read","requiredScopes":["write:contacts"]}""")],
            stdin: Fixtures.Text(Fixtures.HttpApiV2));

        Assert.Equal(0, result.ExitCode);
        JsonAssert.Equal("""
            {"isAuthorized":false,"context":{"client_id":"svc-read","reason":"insufficient_scope","required_scope":"write:contacts"}}
            """, result.Stdout);
    }

    [Fact]
    public async Task Invoke_HttpApiInIamMode_PrintsAPolicyForTheRouteArn()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--event", Event(Fixtures.HttpApiV2), "--decision", Decision(ReadClientAllow)],
            new Dictionary<string, string> { ["TOLLGATE_HTTP_API_RESPONSE"] = "iam" });

        Assert.Equal(0, result.ExitCode);
        var statement = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("policyDocument").GetProperty("Statement")[0];
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/contacts/*", statement.GetProperty("Resource")[1].GetString());
    }

    [Fact]
    public async Task Invoke_NotAnAuthorizerEvent_PrintsInvalidEventAndExitsTwo()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--event", Temp("sqs.json", """{"Records":[]}"""), "--decision", Decision(ReadClientAllow)]);

        Assert.Equal(2, result.ExitCode);
        JsonAssert.Equal("""{"errorMessage":"Invalid authorizer event","errorType":"InvalidEvent"}""", result.Stdout);
    }

    [Fact]
    public async Task Invoke_MissingEventFile_ExitsSixtySixWithNothingOnStdout()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--event", "/nonexistent/event.json"]);

        Assert.Equal(66, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("/nonexistent/event.json", result.Stderr);
    }

    [Fact]
    public async Task Invoke_WithoutEventOption_ExitsSixtyFourWithUsage()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--decision", "x.json"]);

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("--event is required.", result.Stderr);
        Assert.Contains("Usage:", result.Stderr);
    }

    [Fact]
    public async Task Invoke_EngineModeWithoutConfiguration_ExitsSeventyEightAndListsTheErrors()
    {
        var result = await BootstrapProcess.RunAsync(["invoke", "--event", Event(Fixtures.RestToken)],
            new Dictionary<string, string> { ["JWKS_URI"] = "ftp://nope", ["TOLLGATE_CLOCK_SKEW_SECONDS"] = "-1" });

        Assert.Equal(78, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var problems = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "InvalidConfiguration")
            .Select(e => e.GetProperty("problem").GetString()!)
            .ToList();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("JWKS_URI", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TOLLGATE_CLOCK_SKEW_SECONDS", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("TOKEN_ISSUER", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("AUDIENCE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_SecretReference_IsReadFromParameterStoreWithASignedRequest()
    {
        await using var aws = new FakeAwsSecrets();
        aws.Parameters["/tollgate/gateway-secret"] = "secret-from-parameter-store";
        var environment = aws.Environment().ToDictionary(e => e.Key, e => e.Value!);
        environment["TOLLGATE_INTROSPECTION_CLIENT_SECRET"] = "ssm:/tollgate/gateway-secret";

        var result = await BootstrapProcess.RunAsync(["invoke", "--event", Event(Fixtures.RestToken), "--decision", Decision(ReadClientAllow)], environment);

        Assert.Equal(0, result.ExitCode);
        var request = Assert.Single(aws.Requests);
        Assert.Equal(("AmazonSSM.GetParameter", "/tollgate/gateway-secret", true), (request.Target, request.Id, request.SignatureValid));
        Assert.DoesNotContain("secret-from-parameter-store", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Invoke_UnreadableSecretReference_ExitsSeventyEightNamingTheVariable()
    {
        await using var aws = new FakeAwsSecrets();
        var environment = aws.Environment().ToDictionary(e => e.Key, e => e.Value!);
        environment["CLIENT_SECRET"] = "secretsmanager:tollgate/missing";

        var result = await BootstrapProcess.RunAsync(["invoke", "--event", Event(Fixtures.RestToken), "--decision", Decision(ReadClientAllow)], environment);

        Assert.Equal(78, result.ExitCode);
        var problem = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "InvalidConfiguration")
            .Select(e => e.GetProperty("problem").GetString()!));
        Assert.StartsWith("CLIENT_SECRET: could not read Secrets Manager 'tollgate/missing'", problem);
        Assert.Contains("ResourceNotFoundException", problem);
    }

    [Fact]
    public async Task Lambda_RealProcessWithBadConfiguration_PostsInitErrorAndExitsNonZero()
    {
        await using var api = new FakeRuntimeApi();

        var result = await BootstrapProcess.RunAsync([], new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
            ["TOLLGATE_HTTP_API_RESPONSE"] = "xml",
        });

        Assert.Equal(78, result.ExitCode);
        var message = (await api.NextPostAsync()).InitErrorMessage();
        Assert.StartsWith("Invalid configuration (2 problems):", message);
        Assert.Contains("TOLLGATE_HTTP_API_RESPONSE must be one of simple, iam", message);
        Assert.Equal(0, api.NextCalls);
    }
}
