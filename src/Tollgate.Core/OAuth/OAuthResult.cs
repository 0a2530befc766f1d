namespace Tollgate.Core.OAuth;

/// <summary>Either a value or an <see cref="OAuthError"/>; protocol failures are values, not exceptions.</summary>
public readonly struct OAuthResult<T>
{
    private OAuthResult(T? value, OAuthError? error) { Value = value; Error = error; }

    public T? Value { get; }
    public OAuthError? Error { get; }
    public bool IsError => Error is not null;

    /// <summary>A value; for the types the implicit conversion cannot take (interfaces).</summary>
    public static OAuthResult<T> Of(T value) => new(value, null);

    public static implicit operator OAuthResult<T>(T value) => new(value, null);
    public static implicit operator OAuthResult<T>(OAuthError error) => new(default, error);
}
