using System.Text;
using System.Text.Json;
using Tollgate.Aws.Tests.TestSupport;
using static Tollgate.Interop.Tests.Aws.PolicyAssert;

namespace Tollgate.Interop.Tests.Aws;

/// <summary>
/// The real <c>bootstrap</c> in Lambda mode against a local stand-in for the Runtime API: one process,
/// several invocations in a row with real Tollgate tokens, as one Lambda execution environment serves them.
/// </summary>
[Collection(AwsEndToEndCollection.Name)]
public sealed class LambdaModeEndToEndTests(AwsEndToEndFixture fixture)
{
    [Fact]
    public async Task Lambda_SeveralInvocationsWithRealTokens_AnswersEachAndKeepsLooping()
    {
        await using var runtime = new FakeRuntimeApi();
        var environment = fixture.Environment(EventShape.RestToken, Caller.ReadService);
        await using var lambda = LambdaProcess.Start(runtime.Address, environment);
        var invocations = new (string Id, EventShape Shape, Caller Caller, ApiCall Call)[]
        {
            ("1-read-list", EventShape.RestToken, Caller.ReadService, ApiCall.ListContacts),
            ("2-read-post", EventShape.RestRequest, Caller.ReadService, ApiCall.CreateContact),
            ("3-garbage", EventShape.RestToken, Caller.Garbage, ApiCall.ListContacts),
            ("4-write-delete", EventShape.HttpApiSimple, Caller.WriteService, ApiCall.DeleteContact),
            ("5-wrong-audience", EventShape.RestRequest, Caller.WrongAudience, ApiCall.GetContact),
            ("6-read-again", EventShape.RestToken, Caller.ReadService, ApiCall.GetContact),
        };
        foreach (var (id, shape, caller, call) in invocations)
            runtime.Enqueue(id, Encoding.UTF8.GetBytes(AuthorizerEvents.Build(shape, call, fixture.Authorization(caller))));

        var posts = new List<PostedRequest>();
        foreach (var _ in invocations) posts.Add(await runtime.NextPostAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(invocations.Select(i => i.Id), posts.Select(p => p.Path.Split('/')[1]));
        var read = Json(posts[0], "response");
        Assert.Equal(fixture.ReadService.ClientId, read.GetProperty("principalId").GetString());
        Assert.Equal([AuthorizerEvents.TokenPrefix + "GET/contacts", AuthorizerEvents.TokenPrefix + "GET/contacts/*"], Resources(Assert.Single(Statements(read))));

        var forbidden = Statements(Json(posts[1], "response"));
        Assert.Equal(["Deny", "Allow"], forbidden.Select(Effect));
        Assert.Equal([AuthorizerEvents.RequestPrefix + "POST/contacts"], Resources(forbidden[0]));

        AssertUnauthorized(posts[2]);
        var write = Json(posts[3], "response");
        Assert.True(write.GetProperty("isAuthorized").GetBoolean());
        Assert.Equal(fixture.WriteService.ClientId, FlatContext(write)["client_id"]);
        AssertUnauthorized(posts[4]);
        Assert.Equal("Allow", Effect(Assert.Single(Statements(Json(posts[5], "response")))));

        // Still alive and back asking for the next event: the loop goes on after refusals.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (runtime.NextCalls <= invocations.Length && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(invocations.Length + 1, runtime.NextCalls);
        Assert.False(lambda.HasExited, lambda.Stderr);
        // The keys were fetched during init, before the runtime asked for its first event.
        var events = lambda.Stderr.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()).ToList();
        Assert.Single(events, e => e == "Fetched");
        Assert.True(events.IndexOf("Fetched") < events.IndexOf("RuntimeReady"), string.Join(", ", events));
        Assert.DoesNotContain(fixture.Token(Caller.ReadService)!, lambda.Stderr);
        Assert.DoesNotContain(fixture.Token(Caller.WriteService)!, lambda.Stderr);
    }

    private static JsonElement Json(PostedRequest post, string kind)
    {
        Assert.EndsWith("/" + kind, post.Path);
        using var document = JsonDocument.Parse(post.Body);
        return document.RootElement.Clone();
    }

    private static void AssertUnauthorized(PostedRequest post)
    {
        Assert.EndsWith("/error", post.Path);
        Assert.Equal("Unauthorized", post.ErrorTypeHeader);
        var error = Json(post, "error");
        Assert.Equal("Unauthorized", error.GetProperty("errorMessage").GetString());
        Assert.Equal("Unauthorized", error.GetProperty("errorType").GetString());
    }
}
