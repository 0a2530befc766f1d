namespace Tollgate.Core.OAuth;

/// <summary>The issuer identifier: the URL clients see, which goes into every token's <c>iss</c>.</summary>
public interface IIssuer
{
    string Value { get; }
}

public sealed class FixedIssuer(string value) : IIssuer
{
    public string Value { get; } = value;
}
