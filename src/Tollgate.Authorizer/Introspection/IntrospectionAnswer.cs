namespace Tollgate.Authorizer.Introspection;

/// <summary>What an <see cref="ITokenIntrospection"/> said: the active token's answer, not active, or a failure to answer (fail closed).</summary>
public readonly record struct IntrospectionAnswer<T>(T? Active, string? Failure) where T : class
{
    public static IntrospectionAnswer<T> Of(T active) => new(active, null);
    public static IntrospectionAnswer<T> Inactive => default;
    public static IntrospectionAnswer<T> Failed(string detail) => new(null, detail);
}
