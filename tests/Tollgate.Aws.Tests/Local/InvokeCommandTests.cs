using System.Text;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Local;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Local;

/// <summary><c>invoke</c> in-process, with the engine supplied through the factory seam.</summary>
public class InvokeCommandTests
{
    private static readonly Dictionary<string, string?> ValidSettings = new()
    {
        ["JWKS_URI"] = "https://auth.example.com/.well-known/jwks.json",
        ["TOKEN_ISSUER"] = "https://auth.example.com",
        ["AUDIENCE"] = "https://contacts.example.com",
    };

    [Fact]
    public void Invoke_ValidConfiguration_BuildsTheEngineFromSettingsAndPrintsItsDecision()
    {
        AwsAuthorizerSettings? seen = null;
        var engine = new ScriptedAuthorizer(SampleDecisions.Allow);
        using var stdout = new MemoryStream();
        var stderr = new StringWriter();

        var exit = InvokeCommand.Run(["--event", Fixtures.PathOf(Fixtures.RestToken)], ValidSettings, Stream.Null, stdout, stderr,
            (settings, _, _, _) => { seen = settings; return engine; }, TimeProvider.System);

        Assert.Equal(0, exit);
        Assert.Equal("https://auth.example.com", seen!.Issuer);
        Assert.Single(engine.Requests);
        Assert.StartsWith("{\"principalId\":\"svc-write\"", Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Theory]
    [InlineData(new[] { "--event" }, "--event needs a value.")]
    [InlineData(new[] { "--event", "a.json", "--verbose" }, "Unknown argument '--verbose'.")]
    [InlineData(new string[0], "--event is required.")]
    public void Options_BadArguments_NameTheProblem(string[] args, string error)
    {
        var (options, problem) = InvokeOptions.Parse(args);

        Assert.Null(options);
        Assert.Equal(error, problem);
    }
}
