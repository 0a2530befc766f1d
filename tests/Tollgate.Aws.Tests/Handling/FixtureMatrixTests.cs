using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Handling;

/// <summary>Every fixture shape × allow / forbidden / unauthorized, asserting the exact JSON Lambda returns.</summary>
public class FixtureMatrixTests
{
    private const string TokenPrefix = "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/dev/";
    private const string RequestPrefix = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/";

    private const string AllowContext = """
        {"client_id":"svc-write","jti":"jti-1","reason":"allowed","scope":"read:contacts write:contacts","sub":"svc-write"}
        """;
    private const string ForbiddenContext = """
        {"client_id":"svc-read","jti":"jti-2","reason":"insufficient_scope","required_scope":"write:contacts","scope":"read:contacts","sub":"svc-read"}
        """;

    private static string AllowPolicy(string prefix) => $$"""
        {"principalId":"svc-write",
         "policyDocument":{"Version":"2012-10-17","Statement":[
           {"Action":"execute-api:Invoke","Effect":"Allow",
            "Resource":["{{prefix}}GET/contacts","{{prefix}}POST/contacts","{{prefix}}*/contacts/*"]}]},
         "context":{{AllowContext}}}
        """;

    private static string ForbiddenPolicy(string prefix, string methodArn) => $$"""
        {"principalId":"svc-read",
         "policyDocument":{"Version":"2012-10-17","Statement":[
           {"Action":"execute-api:Invoke","Effect":"Deny","Resource":["{{methodArn}}"]},
           {"Action":"execute-api:Invoke","Effect":"Allow","Resource":["{{prefix}}GET/contacts","{{prefix}}GET/contacts/*"]}]},
         "context":{{ForbiddenContext}}}
        """;

    public static TheoryData<string, HttpApiResponseMode, string, string> Responses => new()
    {
        { Fixtures.RestToken, HttpApiResponseMode.Simple, "allow", AllowPolicy(TokenPrefix) },
        { Fixtures.RestToken, HttpApiResponseMode.Simple, "forbidden", ForbiddenPolicy(TokenPrefix, TokenPrefix + "GET/contacts") },
        { Fixtures.RestRequest, HttpApiResponseMode.Simple, "allow", AllowPolicy(RequestPrefix) },
        { Fixtures.RestRequest, HttpApiResponseMode.Simple, "forbidden", ForbiddenPolicy(RequestPrefix, RequestPrefix + "POST/contacts") },
        { Fixtures.HttpApiV2, HttpApiResponseMode.Simple, "allow", $$"""{"isAuthorized":true,"context":{{AllowContext}}}""" },
        { Fixtures.HttpApiV2, HttpApiResponseMode.Simple, "forbidden", $$"""{"isAuthorized":false,"context":{{ForbiddenContext}}}""" },
        { Fixtures.HttpApiV2, HttpApiResponseMode.Iam, "allow", AllowPolicy(RequestPrefix) },
        { Fixtures.HttpApiV2, HttpApiResponseMode.Iam, "forbidden", ForbiddenPolicy(RequestPrefix, RequestPrefix + "GET/contacts/42") },
    };

    public static TheoryData<string, HttpApiResponseMode> AllShapes => new()
    {
        { Fixtures.RestToken, HttpApiResponseMode.Simple },
        { Fixtures.RestRequest, HttpApiResponseMode.Simple },
        { Fixtures.HttpApiV2, HttpApiResponseMode.Simple },
        { Fixtures.HttpApiV2, HttpApiResponseMode.Iam },
    };

    private static Decision DecisionFor(string kind) => kind switch
    {
        "allow" => SampleDecisions.Allow,
        "forbidden" => SampleDecisions.Forbidden,
        _ => SampleDecisions.Unauthorized,
    };

    private static Task<InvocationOutcome> Handle(string fixture, HttpApiResponseMode mode, Decision decision) =>
        new AuthorizerHandler(new ScriptedAuthorizer(decision), new RendererSelector(mode), NullLogger.Instance, TimeProvider.System)
            .HandleAsync(Fixtures.Bytes(fixture), "req-1", CancellationToken.None);

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Handle_FixtureAndDecision_ReturnsExactlyTheDocumentedResponse(string fixture, HttpApiResponseMode mode, string kind, string expected)
    {
        var outcome = await Handle(fixture, mode, DecisionFor(kind));

        Assert.Null(outcome.Error);
        JsonAssert.Equal(expected, outcome.Response);
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public async Task Handle_UnauthorizedDecision_FailsWithExactlyUnauthorized(string fixture, HttpApiResponseMode mode)
    {
        var outcome = await Handle(fixture, mode, SampleDecisions.Unauthorized);

        Assert.Null(outcome.Response);
        Assert.NotNull(outcome.Error);
        Assert.Equal("Unauthorized", outcome.Error.ErrorMessage);
        Assert.Null(outcome.Error.StackTrace);
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public async Task Handle_AnyDecision_ContextValuesAreFlatAndTheTokenIsNowhere(string fixture, HttpApiResponseMode mode)
    {
        foreach (var decision in new[] { SampleDecisions.AllowWithForwardToken, SampleDecisions.Forbidden })
        {
            var outcome = await Handle(fixture, mode, decision);

            var json = Encoding.UTF8.GetString(outcome.Response!);
            Assert.DoesNotContain(Fixtures.Token, json);
            using var document = JsonDocument.Parse(json);
            foreach (var property in document.RootElement.GetProperty("context").EnumerateObject())
            {
                Assert.True(property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False,
                    $"context.{property.Name} is {property.Value.ValueKind}");
            }
            if (document.RootElement.TryGetProperty("principalId", out var principal))
            {
                Assert.Equal(decision.Principal, principal.GetString());
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllShapes))]
    public async Task Handle_AllowWithForwardToken_ContextCarriesBearerForTheUpstream(string fixture, HttpApiResponseMode mode)
    {
        var outcome = await Handle(fixture, mode, SampleDecisions.AllowWithForwardToken);

        using var document = JsonDocument.Parse(outcome.Response!);
        Assert.Equal("Bearer " + SampleDecisions.JwtForUpstream, document.RootElement.GetProperty("context").GetProperty("authorization").GetString());
    }
}
