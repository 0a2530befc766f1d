namespace Tollgate.Aws.Configuration;

/// <summary>A secret setting: never printed by <see cref="ToString"/>, so a settings record can be logged.</summary>
public sealed class SecretString(string value)
{
    public string Reveal() => value;

    public override string ToString() => "***";
}
