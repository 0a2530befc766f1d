namespace Tollgate.Core.TokenEndpoint;

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string Scope);
