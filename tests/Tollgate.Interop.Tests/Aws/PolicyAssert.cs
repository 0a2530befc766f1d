using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tollgate.Interop.Tests.Aws;

/// <summary>Reads an authorizer's IAM policy as API Gateway would, independently of the adapter's own code.</summary>
public static class PolicyAssert
{
    public const string Version = "2012-10-17";
    public const string Action = "execute-api:Invoke";

    public static JsonElement[] Statements(JsonElement response)
    {
        var document = response.GetProperty("policyDocument");
        Assert.Equal(Version, document.GetProperty("Version").GetString());
        var statements = document.GetProperty("Statement").EnumerateArray().ToArray();
        Assert.All(statements, s => Assert.Equal(Action, s.GetProperty("Action").GetString()));
        return statements;
    }

    public static string Effect(JsonElement statement) => statement.GetProperty("Effect").GetString()!;

    public static string[] Resources(JsonElement statement) =>
        statement.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()!).ToArray();

    /// <summary>
    /// IAM evaluation for one ARN, as API Gateway applies a cached policy to the next call: an
    /// explicit Deny wins, then any Allow, else it is refused. <c>*</c> matches any run of
    /// characters (slashes included), <c>?</c> one character.
    /// </summary>
    public static bool Permits(JsonElement response, string arn)
    {
        var matching = Statements(response).Where(s => Resources(s).Any(r => Matches(r, arn))).ToList();
        return matching.Any(s => Effect(s) == "Allow") && !matching.Any(s => Effect(s) == "Deny");
    }

    private static bool Matches(string pattern, string arn) =>
        Regex.IsMatch(arn, "^" + Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.Singleline);

    /// <summary>API Gateway answers 500 for a nested context value: every value must be a string.</summary>
    public static Dictionary<string, string> FlatContext(JsonElement response)
    {
        var context = new Dictionary<string, string>();
        foreach (var property in response.GetProperty("context").EnumerateObject())
        {
            Assert.True(property.Value.ValueKind == JsonValueKind.String, $"context.{property.Name} is {property.Value.ValueKind}, not a string");
            context[property.Name] = property.Value.GetString()!;
        }
        return context;
    }
}
