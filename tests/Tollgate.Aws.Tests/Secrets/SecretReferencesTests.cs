using Tollgate.Aws.Configuration;
using Tollgate.Aws.Secrets;
using Tollgate.Aws.Tests.TestSupport;

namespace Tollgate.Aws.Tests.Secrets;

/// <summary>Secret settings given as references, read at start-up from a local Secrets Manager / Parameter Store over HTTP.</summary>
public sealed class SecretReferencesTests : IAsyncLifetime
{
    private const string CookieKey = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private readonly FakeAwsSecrets aws = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await aws.DisposeAsync();

    private Dictionary<string, string?> Environment(params (string Name, string Value)[] settings)
    {
        var environment = aws.Environment();
        environment["TOLLGATE_ISSUER"] = "https://auth.example.com";
        environment["TOLLGATE_JWKS_URI"] = "https://auth.example.com/.well-known/jwks.json";
        environment["TOLLGATE_AUDIENCE"] = "https://contacts.example.com";
        foreach (var (name, value) in settings) environment[name] = value;
        return environment;
    }

    private Task<SettingsResult> ParseAsync(Dictionary<string, string?> environment) =>
        SecretReferences.ParseAsync(environment, SettingsScope.Full, TimeProvider.System, CancellationToken.None);

    [Fact]
    public async Task SecretsManagerAndParameterStore_ReplaceTheReferences_WithSignedRequests()
    {
        aws.Secrets["tollgate/gateway"] = """{"client_id":"gw","client_secret":"s3cr3t-from-secrets-manager"}""";
        aws.Parameters["/tollgate/cookie-key"] = CookieKey;
        var result = await ParseAsync(Environment(
            ("TOLLGATE_INTROSPECTION_URL", "https://auth.example.com/oauth2/introspect"), ("TOLLGATE_INTROSPECTION_CLIENT_ID", "gw"),
            ("TOLLGATE_INTROSPECTION_CLIENT_SECRET", "secretsmanager:tollgate/gateway#client_secret"),
            ("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://www.example.com"), ("TOLLGATE_ENCRYPTION_KEY", "ssm:/tollgate/cookie-key")));

        Assert.True(result.IsValid, string.Join(" ", result.Errors));
        Assert.Equal("s3cr3t-from-secrets-manager", result.Settings!.IntrospectionClientSecret!.Reveal());
        Assert.Equal(CookieKey, result.Settings.EncryptionKey!.Reveal());
        Assert.Equal(2, aws.Requests.Count);
        Assert.All(aws.Requests, r => Assert.True(r.SignatureValid && r.HadSessionToken, $"{r.Target} {r.Id}"));
        Assert.Contains(aws.Requests, r => r is { Target: "secretsmanager.GetSecretValue", Id: "tollgate/gateway" });
        Assert.Contains(aws.Requests, r => r is { Target: "AmazonSSM.GetParameter", Id: "/tollgate/cookie-key" });
    }

    [Fact]
    public async Task PlainValues_CallNoAws()
    {
        var result = await ParseAsync(Environment(("TOLLGATE_INTROSPECTION_URL", "https://auth.example.com/oauth2/introspect"),
            ("TOLLGATE_INTROSPECTION_CLIENT_ID", "gw"), ("TOLLGATE_INTROSPECTION_CLIENT_SECRET", "plain-secret")));
        Assert.True(result.IsValid, string.Join(" ", result.Errors));
        Assert.Equal("plain-secret", result.Settings!.IntrospectionClientSecret!.Reveal());
        Assert.Empty(aws.Requests);
    }

    [Fact]
    public async Task OnlySecretSettings_AreResolved()
    {
        aws.Secrets["issuer"] = "https://evil.example";
        var result = await ParseAsync(Environment(("TOLLGATE_ISSUER", "secretsmanager:issuer")));
        Assert.Empty(aws.Requests);
        Assert.Equal("secretsmanager:issuer", result.Settings!.Issuer);   // the text itself is the setting
    }

    [Theory]
    [InlineData("secretsmanager:missing", "ResourceNotFoundException")]
    [InlineData("ssm:/missing", "ParameterNotFound")]
    [InlineData("secretsmanager:denied", "AccessDeniedException")]
    [InlineData("secretsmanager:json#nokey", "no key 'nokey'")]
    public async Task UnreadableReferences_AreConfigurationErrors_NamingVariableAndReference(string reference, string expected)
    {
        aws.Denied.Add("denied");
        aws.Secrets["json"] = "not json at all";
        var result = await ParseAsync(Environment(("TOLLGATE_INTROSPECTION_URL", "https://auth.example.com/oauth2/introspect"),
            ("TOLLGATE_INTROSPECTION_CLIENT_ID", "gw"), ("TOLLGATE_INTROSPECTION_CLIENT_SECRET", reference)));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("TOLLGATE_INTROSPECTION_CLIENT_SECRET: could not read", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("not json at all", error);
    }

    [Fact]
    public async Task AWrongSignature_IsRefused()
    {
        aws.Parameters["/k"] = CookieKey;
        var environment = Environment(("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://www.example.com"), ("TOLLGATE_ENCRYPTION_KEY", "ssm:/k"));
        environment["AWS_SECRET_ACCESS_KEY"] = "a-different-key";
        var result = await ParseAsync(environment);
        Assert.Contains("InvalidSignatureException", Assert.Single(result.Errors));
    }

    [Fact]
    public async Task WithoutCredentialsOrRegion_TheErrorSaysWhatIsMissing_AndNothingIsAsked()
    {
        var environment = Environment(("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://www.example.com"), ("ENCRYPTION_KEY", "ssm:/k"));
        environment.Remove("AWS_ACCESS_KEY_ID");
        Assert.Contains("AWS_ACCESS_KEY_ID", Assert.Single((await ParseAsync(environment)).Errors));

        environment = Environment(("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://www.example.com"), ("ENCRYPTION_KEY", "ssm:/k"));
        environment.Remove("AWS_REGION");
        Assert.Contains("AWS_REGION", Assert.Single((await ParseAsync(environment)).Errors));
        Assert.Empty(aws.Requests);
    }

    [Fact]
    public async Task AnUnreadableKey_LeavesOutOnlyWhatIsSaidAboutThatVariable()
    {
        // The compatible name holds the reference; the parser's "not 64 hex digits" about it is left out, the missing origins are not.
        var result = await ParseAsync(Environment(("ENCRYPTION_KEY", "ssm:/missing")));
        Assert.Equal(["TOLLGATE_ENCRYPTION_KEY", "TOLLGATE_TRUSTED_WEB_ORIGINS"], result.Problems.Select(p => p.Path));
        Assert.StartsWith("ENCRYPTION_KEY: could not read", result.Errors[0]);
        Assert.StartsWith("Token-handler cookies need both", result.Errors[1]);
    }

    [Fact]
    public async Task ABrokenReference_IsAnError_AndNotJudgedAsAKey()
    {
        var result = await ParseAsync(Environment(("TOLLGATE_TRUSTED_WEB_ORIGINS", "https://www.example.com"), ("TOLLGATE_ENCRYPTION_KEY", "ssm:")));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("TOLLGATE_ENCRYPTION_KEY: an ssm: reference", error);
    }
}
