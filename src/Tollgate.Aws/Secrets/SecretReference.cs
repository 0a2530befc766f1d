namespace Tollgate.Aws.Secrets;

/// <summary>Where a secret setting's value lives, when the environment holds a reference instead of the value.</summary>
public enum SecretStore { SecretsManager, ParameterStore }

/// <summary>
/// A reference in a secret setting:
/// <c>secretsmanager:NAME-OR-ARN</c> or a Secrets Manager ARN (<c>arn:aws:secretsmanager:…:secret:NAME</c>), either with
/// an optional <c>#json-key</c> to pick one member of a JSON secret; <c>ssm:/parameter/name</c> or a Parameter Store ARN
/// (<c>arn:aws:ssm:…:parameter/name</c>), read with decryption (SecureString).
/// </summary>
public sealed record SecretReference(SecretStore Store, string Id, string? JsonKey, string? Region)
{
    private const string SecretsManagerPrefix = "secretsmanager:", SsmPrefix = "ssm:";

    /// <summary>The reference, null when the value is a plain value, or an error when it looks like a reference but is not a valid one.</summary>
    public static (SecretReference? Reference, string? Error) Parse(string value)
    {
        if (value.StartsWith(SecretsManagerPrefix, StringComparison.Ordinal))
            return SecretsManager(value[SecretsManagerPrefix.Length..]);
        if (value.StartsWith("arn:", StringComparison.Ordinal) && ArnParts(value) is { Service: "secretsmanager" } sm)
            return SecretsManager(value, sm.Region);
        if (value.StartsWith(SsmPrefix, StringComparison.Ordinal))
        {
            var name = value[SsmPrefix.Length..];
            return name.Length == 0 || name.Contains('#') ? (null, "an ssm: reference names a parameter, e.g. ssm:/tollgate/client-secret")
                : (new SecretReference(SecretStore.ParameterStore, name, null, null), null);
        }
        if (value.StartsWith("arn:", StringComparison.Ordinal) && ArnParts(value) is { Service: "ssm" } ssm)
            return ssm.Resource.StartsWith("parameter/", StringComparison.Ordinal)
                ? (new SecretReference(SecretStore.ParameterStore, value, null, ssm.Region), null)
                : (null, "a Parameter Store ARN ends in :parameter/NAME");
        return (null, null);
    }

    private static (SecretReference?, string?) SecretsManager(string idAndKey, string? region = null)
    {
        var hash = idAndKey.IndexOf('#');
        var id = hash < 0 ? idAndKey : idAndKey[..hash];
        var key = hash < 0 ? null : idAndKey[(hash + 1)..];
        if (id.Length == 0 || key is { Length: 0 }) return (null, "a secretsmanager: reference is NAME-OR-ARN with an optional #json-key");
        if (region is null && id.StartsWith("arn:", StringComparison.Ordinal)) region = ArnParts(id)?.Region;
        return (new SecretReference(SecretStore.SecretsManager, id, key, region), null);
    }

    /// <summary><c>arn:partition:service:region:account:resource</c>.</summary>
    private static (string Service, string Region, string Resource)? ArnParts(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && parts[2].Length > 0 ? (parts[2], parts[3], parts[5]) : null;
    }

    /// <summary>For messages: the store and the id, never a value.</summary>
    public override string ToString() => $"{(Store == SecretStore.SecretsManager ? "Secrets Manager" : "Parameter Store")} '{Id}'{(JsonKey is null ? "" : $" key '{JsonKey}'")}";
}
