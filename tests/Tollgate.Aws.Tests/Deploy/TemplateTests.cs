using System.Reflection;
using System.Text.RegularExpressions;
using Tollgate.Aws.Configuration;
using YamlDotNet.RepresentationModel;

namespace Tollgate.Aws.Tests.Deploy;

/// <summary>
/// The SAM and Serverless templates in deploy/aws, checked offline (no cfn-lint is served here): every reference,
/// condition and substitution resolves, every parameter is used, the authorizer's environment names are ones the
/// adapter reads, the package name is the one package.sh writes, and each template is wired for its mode.
/// </summary>
public sealed partial class TemplateTests
{
    private static readonly string Deploy = Path.Combine(RepositoryRoot(), "deploy", "aws");
    private static readonly HashSet<string> Pseudo = ["AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::StackName", "AWS::NoValue", "AWS::URLSuffix", "AWS::StackId"];

    public static TheoryData<string> SamTemplates => new() { "template.yaml", "template-rest-request.yaml", "template-http-api.yaml" };
    public static TheoryData<string> ServerlessFiles => new() { "serverless.yml", "serverless-http-api.yml", "serverless-rest-request.yml" };

    [Theory]
    [MemberData(nameof(SamTemplates))]
    public void Sam_EveryReferenceResolves_AndEveryParameterIsUsed(string file)
    {
        var root = Load(file);
        Assert.Equal("AWS::Serverless-2016-10-31", Scalar(root, "Transform"));
        var parameters = Keys(root, "Parameters");
        var resources = Keys(root, "Resources");
        var conditions = Keys(root, "Conditions");
        var used = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();

        void Name(string name, string where)
        {
            used.Add(name);
            if (!parameters.Contains(name) && !resources.Contains(name) && !Pseudo.Contains(name)) problems.Add($"{where}: '{name}' is no parameter, resource or pseudo parameter");
        }

        foreach (var node in Walk(root))
        {
            var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
            switch (tag, node)
            {
                case ("!Ref", YamlScalarNode s): Name(s.Value!, "!Ref"); break;
                case ("!GetAtt", YamlScalarNode s): Name(s.Value!.Split('.')[0], "!GetAtt"); break;
                case ("!Condition", YamlScalarNode s):
                    if (!conditions.Contains(s.Value!)) problems.Add($"!Condition '{s.Value}' is not defined"); break;
                case ("!If", YamlSequenceNode s):
                    var condition = ((YamlScalarNode)s.Children[0]).Value!;
                    if (!conditions.Contains(condition)) problems.Add($"!If '{condition}' is not defined");
                    if (s.Children.Count != 3) problems.Add($"!If '{condition}' needs a condition and two values");
                    break;
                case ("!Sub", YamlScalarNode s):
                    foreach (Match m in SubVariable().Matches(s.Value!)) Name(m.Groups[1].Value.Contains("::") ? m.Groups[1].Value : m.Groups[1].Value.Split('.')[0], "!Sub");
                    break;
            }
            if (node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode("Condition"), out var c) && c is YamlScalarNode cs && !conditions.Contains(cs.Value!))
                problems.Add($"Condition '{cs.Value}' is not defined");
        }
        Assert.Empty(problems);
        var unused = parameters.Where(p => !used.Contains(p)).ToList();
        Assert.True(unused.Count == 0, $"{file}: parameters never used: {string.Join(", ", unused)}");
    }

    [Theory]
    [MemberData(nameof(SamTemplates))]
    public void Sam_TheAuthorizer_IsThePackageWithVariablesTheAdapterReads(string file)
    {
        var function = Resource(Load(file), "AuthorizerFunction");
        var properties = (YamlMappingNode)function["Properties"];
        Assert.Equal("dist/tollgate-authorizer.zip", Scalar(properties, "CodeUri"));
        Assert.Contains("cp \"$zipfile\" \"$dist/tollgate-authorizer.zip\"", File.ReadAllText(Path.Combine(Deploy, "package.sh")));
        Assert.Equal("provided.al2023", Scalar(properties, "Runtime"));
        Assert.Equal("bootstrap", Scalar(properties, "Handler"));
        var variables = Keys((YamlMappingNode)((YamlMappingNode)properties["Environment"])["Variables"]);
        var unknown = variables.Where(v => !AdapterVariables.Contains(v)).ToList();
        Assert.True(unknown.Count == 0, $"{file}: variables the adapter does not read: {string.Join(", ", unknown)}");
        Assert.Contains("TOKEN_ISSUER", variables);
        Assert.Contains("TOLLGATE_INTROSPECTION_CLIENT_SECRET", variables);
        Assert.Equal(["x86_64", "arm64"], Sequence((YamlMappingNode)((YamlMappingNode)Load(file)["Parameters"])["Architecture"], "AllowedValues"));
    }

    [Fact]
    public void RestToken_IsATokenAuthorizerOnTheAuthorizationHeader()
    {
        var authorizer = Authorizer(Load("template.yaml"), "ContactsApi", "TollgateAuthorizer");
        Assert.Equal("TOKEN", Scalar(authorizer, "FunctionPayloadType"));
        Assert.Equal("Authorization", Scalar((YamlMappingNode)authorizer["Identity"], "Header"));
    }

    [Fact]
    public void RestRequest_ReadsTheCookies_WithoutResultCache_AndAnswersPreflights()
    {
        var root = Load("template-rest-request.yaml");
        var authorizer = Authorizer(root, "ContactsApi", "TollgateCookies");
        Assert.Equal("REQUEST", Scalar(authorizer, "FunctionPayloadType"));
        var identity = (YamlMappingNode)authorizer["Identity"];
        Assert.Equal(["Cookie", "Origin"], Sequence(identity, "Headers"));
        Assert.Equal("0", Scalar(identity, "ReauthorizeEvery"));
        var properties = (YamlMappingNode)Resource(root, "ContactsApi")["Properties"];
        var cors = (YamlMappingNode)properties["Cors"];
        Assert.Equal("true", Scalar(cors, "AllowCredentials"));
        Assert.Contains("x-${CookieNamePrefix}-csrf", Scalar(cors, "AllowHeaders"));
        Assert.Equal("false", Scalar((YamlMappingNode)properties["Auth"], "AddDefaultAuthorizerToCorsPreflight"));
        var variables = Keys((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Resource(root, "AuthorizerFunction")["Properties"])["Environment"])["Variables"]);
        Assert.Superset(new HashSet<string> { "TRUSTED_WEB_ORIGINS", "COOKIE_NAME_PREFIX", "ENCRYPTION_KEY" }, variables);
    }

    [Fact]
    public void HttpApi_IsPayload2_WithTheResponseModeAParameterTheAdapterAccepts()
    {
        var root = Load("template-http-api.yaml");
        var authorizer = (YamlMappingNode)Resource(root, "TollgateAuthorizer")["Properties"];
        Assert.Equal("2.0", Scalar(authorizer, "AuthorizerPayloadFormatVersion"));
        var simple = (YamlSequenceNode)authorizer["EnableSimpleResponses"];
        Assert.Equal("!If", simple.Tag.Value);
        Assert.Equal(["SimpleResponses", "true", "false"], simple.Children.Select(c => ((YamlScalarNode)c).Value!));
        Assert.Contains("$context.routeKey", Sequence(authorizer, "IdentitySource"));
        var modes = Sequence((YamlMappingNode)((YamlMappingNode)root["Parameters"])["ResponseMode"], "AllowedValues");
        Assert.Equal(Enum.GetNames<HttpApiResponseMode>().Select(n => n.ToLowerInvariant()).Order(), modes.Order());
        var routes = Keys((YamlMappingNode)root["Resources"]).Where(r => Scalar(Resource(root, r), "Type") == "AWS::ApiGatewayV2::Route").ToList();
        Assert.Equal(5, routes.Count);
        Assert.All(routes, r => Assert.Equal("CUSTOM", Scalar((YamlMappingNode)Resource(root, r)["Properties"], "AuthorizationType")));
    }

    [Theory]
    [MemberData(nameof(ServerlessFiles))]
    public void Serverless_TheAuthorizer_IsThePackageWithVariablesTheAdapterReads(string file)
    {
        var root = Load(file);
        var authorizer = (YamlMappingNode)((YamlMappingNode)root["functions"])["authorizer"];
        Assert.Equal("dist/tollgate-authorizer.zip", Scalar((YamlMappingNode)authorizer["package"], "artifact"));
        Assert.Equal("provided.al2023", Scalar(authorizer, "runtime"));
        var variables = Keys((YamlMappingNode)authorizer["environment"]);
        var unknown = variables.Where(v => !AdapterVariables.Contains(v)).ToList();
        Assert.True(unknown.Count == 0, $"{file}: variables the adapter does not read: {string.Join(", ", unknown)}");
        var events = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["functions"])["contacts"])["events"]).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(5, events.Count);
        foreach (var e in events)
        {
            var (kind, spec) = ((YamlScalarNode)e.Children.Single().Key).Value! switch { var k => (k, (YamlMappingNode)e.Children.Single().Value) };
            Assert.Contains(kind, new[] { "http", "httpApi" });
            Assert.True(spec.Children.ContainsKey(new YamlScalarNode("authorizer")), $"{file}: a route without the authorizer");
        }
    }

    [Fact]
    public void ServerlessHttpApi_IsPayload2()
    {
        var authorizer = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Load("serverless-http-api.yml")["provider"])["httpApi"])["authorizers"])["tollgate"];
        Assert.Equal(("request", "2.0", "authorizer"), (Scalar(authorizer, "type"), Scalar(authorizer, "payloadVersion"), Scalar(authorizer, "functionName")));
    }

    // ---- the adapter's names, read from EnvironmentNames so that a renamed variable fails here ----

    private static readonly HashSet<string> AdapterVariables = typeof(EnvironmentNames).GetFields(BindingFlags.Public | BindingFlags.Static)
        .SelectMany(f => f.GetValue(null) switch
        {
            EnvironmentNames.Alias a => new[] { a.Name, a.CompatibleName },
            string s => [s],
            _ => [],
        }).ToHashSet(StringComparer.Ordinal);

    // ---- YAML helpers ----

    [GeneratedRegex(@"\$\{([^}!][^}]*)\}")]
    private static partial Regex SubVariable();

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Deploy, file)));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Resource(YamlMappingNode root, string name) => (YamlMappingNode)((YamlMappingNode)root["Resources"])[name];

    private static YamlMappingNode Authorizer(YamlMappingNode root, string api, string name) =>
        (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Resource(root, api)["Properties"])["Auth"])["Authorizers"])[name];

    private static HashSet<string> Keys(YamlMappingNode root, string section) =>
        root.Children.TryGetValue(new YamlScalarNode(section), out var node) ? Keys((YamlMappingNode)node) : [];

    private static HashSet<string> Keys(YamlMappingNode map) => map.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value : null;

    private static List<string> Sequence(YamlMappingNode map, string key) =>
        ((YamlSequenceNode)map[key]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private static IEnumerable<YamlNode> Walk(YamlNode node)
    {
        yield return node;
        IEnumerable<YamlNode> children = node switch
        {
            YamlMappingNode m => m.Children.SelectMany(kv => new[] { kv.Key, kv.Value }),
            YamlSequenceNode s => s.Children,
            _ => [],
        };
        foreach (var child in children)
            foreach (var descendant in Walk(child)) yield return descendant;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tollgate.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Tollgate.slnx not found above " + AppContext.BaseDirectory);
    }
}
