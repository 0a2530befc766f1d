using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Decisions;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Handling;

public class AuthorizerHandlerTests
{
    private readonly StringWriter log = new();

    private AuthorizerHandler Handler(IAuthorizer authorizer)
    {
        var loggers = new JsonLineLoggerFactory(log, LogLevel.Information, TimeProvider.System);
        return new AuthorizerHandler(authorizer, new RendererSelector(HttpApiResponseMode.Simple), loggers.CreateLogger("test"), TimeProvider.System);
    }

    [Fact]
    public async Task Handle_RestRequestFixture_EngineGetsMethodPathAndHeaders()
    {
        var engine = new ScriptedAuthorizer(SampleDecisions.Allow);

        await Handler(engine).HandleAsync(Fixtures.Bytes(Fixtures.RestRequest), "r", CancellationToken.None);

        var request = Assert.Single(engine.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/contacts", request.Path);
        Assert.Equal("Bearer " + Fixtures.Token, request.Headers["authorization"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"type":"TOKEN","methodArn":"arn:aws:lambda:us-east-1:1:function:x"}""")]
    [InlineData("""{"type":"TOKEN","methodArn":42}""")]
    [InlineData("""{"Records":[]}""")]
    public async Task Handle_NotAnAuthorizerEvent_InvalidEventErrorAndEngineNotCalled(string payload)
    {
        var engine = new ScriptedAuthorizer(SampleDecisions.Allow);

        var outcome = await Handler(engine).HandleAsync(Encoding.UTF8.GetBytes(payload), "r", CancellationToken.None);

        Assert.Equal(LambdaError.InvalidEvent, outcome.Error);
        Assert.Empty(engine.Requests);
    }

    [Fact]
    public async Task Handle_EngineThrows_GenericErrorWithoutTheMessage()
    {
        var engine = new ScriptedAuthorizer((_, _) => throw new InvalidOperationException("db password is hunter2; token " + Fixtures.Token));

        var outcome = await Handler(engine).HandleAsync(Fixtures.Bytes(Fixtures.RestToken), "r", CancellationToken.None);

        Assert.Equal(new LambdaError("Internal error", "InternalError"), outcome.Error);
        Assert.DoesNotContain("hunter2", log.ToString());
        Assert.Contains("System.InvalidOperationException", log.ToString());
    }

    [Fact]
    public async Task Handle_DeadlinePasses_EngineIsCancelledAndTimeoutReturned()
    {
        var engine = new ScriptedAuthorizer(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return SampleDecisions.Allow;
        });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        var outcome = await Handler(engine).HandleAsync(Fixtures.Bytes(Fixtures.RestToken), "r", deadline.Token);

        Assert.Equal(LambdaError.Timeout, outcome.Error);
    }

    [Fact]
    public async Task Handle_Decision_LogsOneLineWithReasonAndJtiButNeverTheToken()
    {
        await Handler(new ScriptedAuthorizer(SampleDecisions.Forbidden)).HandleAsync(Fixtures.Bytes(Fixtures.RestRequest), "req-9", CancellationToken.None);

        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.Equal("Decision", root.GetProperty("event").GetString());
        Assert.Equal("req-9", root.GetProperty("requestId").GetString());
        Assert.Equal("Forbidden", root.GetProperty("kind").GetString());
        Assert.Equal("insufficient_scope", root.GetProperty("reason").GetString());
        Assert.Equal("jti-2", root.GetProperty("jti").GetString());
        Assert.Equal("svc-read", root.GetProperty("principal").GetString());
        Assert.DoesNotContain(Fixtures.Token, line);
        Assert.DoesNotContain(Fixtures.Cookie, line);
    }
}
