using System.Text;
using System.Text.Json.Nodes;

namespace Tollgate.Aws.Tests.TestSupport;

public static class JsonAssert
{
    /// <summary>Same JSON value (key order aside); on failure shows both documents.</summary>
    public static void Equal(string expected, byte[]? actual)
    {
        Assert.NotNull(actual);
        Equal(expected, Encoding.UTF8.GetString(actual));
    }

    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(expectedNode, actualNode))
        {
            Assert.Fail($"JSON differs.{Environment.NewLine}Expected: {expectedNode?.ToJsonString()}{Environment.NewLine}Actual:   {actualNode?.ToJsonString()}");
        }
    }
}
