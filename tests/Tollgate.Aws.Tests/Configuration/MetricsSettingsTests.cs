using Tollgate.Aws.Configuration;

namespace Tollgate.Aws.Tests.Configuration;

public class MetricsSettingsTests
{
    private static SettingsResult Parse(params (string Name, string Value)[] variables) =>
        AwsSettingsParser.Parse(variables.ToDictionary(v => v.Name, v => (string?)v.Value), SettingsScope.AdapterOnly);

    [Fact]
    public void Parse_NothingSet_EmfInTheTollgateNamespaceWithoutFunctionName()
    {
        var settings = Parse().Settings!;

        Assert.Equal((MetricsMode.Emf, "Tollgate", null), (settings.Metrics, settings.MetricsNamespace, settings.FunctionName));
    }

    [Theory]
    [InlineData("emf", MetricsMode.Emf)]
    [InlineData("EMF", MetricsMode.Emf)]
    [InlineData(" off ", MetricsMode.Off)]
    public void Parse_MetricsMode_IsCaseInsensitive(string raw, MetricsMode expected)
    {
        Assert.Equal(expected, Parse(("TOLLGATE_METRICS", raw)).Settings!.Metrics);
    }

    [Fact]
    public void Parse_NamespaceAndLambdaFunctionName_AreRead()
    {
        var settings = Parse(("TOLLGATE_METRICS_NAMESPACE", "MyCompany/Auth"), ("AWS_LAMBDA_FUNCTION_NAME", "tollgate-authorizer")).Settings!;

        Assert.Equal(("MyCompany/Auth", "tollgate-authorizer"), (settings.MetricsNamespace, settings.FunctionName));
    }

    [Fact]
    public void Parse_UnknownMetricsMode_NamesTheVariableAndTheChoices()
    {
        var error = Assert.Single(Parse(("TOLLGATE_METRICS", "prometheus")).Errors);

        Assert.Equal("TOLLGATE_METRICS must be one of emf, off; got 'prometheus'.", error);
    }

    [Theory]
    [InlineData("AWS/Lambda")]
    [InlineData("Tollgate Metrics")]
    [InlineData("Tollgate/Métriques")]
    public void Parse_InvalidNamespace_NamesTheVariable(string raw)
    {
        var error = Assert.Single(Parse(("TOLLGATE_METRICS_NAMESPACE", raw)).Errors);

        Assert.StartsWith("TOLLGATE_METRICS_NAMESPACE must be a CloudWatch namespace", error);
        Assert.EndsWith($"got '{raw}'.", error);
    }

    [Fact]
    public void Parse_NamespaceTooLong_IsAnError()
    {
        Assert.Single(Parse(("TOLLGATE_METRICS_NAMESPACE", new string('a', 256))).Errors);
        Assert.True(Parse(("TOLLGATE_METRICS_NAMESPACE", new string('a', 255))).IsValid);
    }
}
