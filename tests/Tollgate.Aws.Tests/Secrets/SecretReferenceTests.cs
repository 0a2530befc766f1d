using Tollgate.Aws.Secrets;

namespace Tollgate.Aws.Tests.Secrets;

public sealed class SecretReferenceTests
{
    [Theory]
    [InlineData("secretsmanager:tollgate/introspection", SecretStore.SecretsManager, "tollgate/introspection", null, null)]
    [InlineData("secretsmanager:tollgate/app#client_secret", SecretStore.SecretsManager, "tollgate/app", "client_secret", null)]
    [InlineData("arn:aws:secretsmanager:eu-central-1:123456789012:secret:tollgate-AbCdEf", SecretStore.SecretsManager,
        "arn:aws:secretsmanager:eu-central-1:123456789012:secret:tollgate-AbCdEf", null, "eu-central-1")]
    [InlineData("arn:aws:secretsmanager:eu-central-1:123456789012:secret:tollgate-AbCdEf#key", SecretStore.SecretsManager,
        "arn:aws:secretsmanager:eu-central-1:123456789012:secret:tollgate-AbCdEf", "key", "eu-central-1")]
    [InlineData("secretsmanager:arn:aws:secretsmanager:us-east-2:1:secret:x", SecretStore.SecretsManager, "arn:aws:secretsmanager:us-east-2:1:secret:x", null, "us-east-2")]
    [InlineData("ssm:/tollgate/cookie-key", SecretStore.ParameterStore, "/tollgate/cookie-key", null, null)]
    [InlineData("arn:aws:ssm:ap-south-1:123456789012:parameter/tollgate/key", SecretStore.ParameterStore,
        "arn:aws:ssm:ap-south-1:123456789012:parameter/tollgate/key", null, "ap-south-1")]
    public void References_AreRecognised(string value, SecretStore store, string id, string? key, string? region)
    {
        var (reference, error) = SecretReference.Parse(value);
        Assert.Null(error);
        Assert.Equal(new SecretReference(store, id, key, region), reference);
    }

    [Theory]
    [InlineData("a-plain-client-secret")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("arn:aws:iam::123456789012:role/not-a-secret")]   // another service's ARN is a value, not a reference
    public void PlainValues_AreNotReferences(string value) => Assert.Equal((null, null), SecretReference.Parse(value));

    [Theory]
    [InlineData("secretsmanager:")]
    [InlineData("secretsmanager:name#")]
    [InlineData("ssm:")]
    [InlineData("arn:aws:ssm:us-east-1:1:document/x")]
    public void BrokenReferences_AreErrors(string value)
    {
        var (reference, error) = SecretReference.Parse(value);
        Assert.Null(reference);
        Assert.NotNull(error);
    }
}
