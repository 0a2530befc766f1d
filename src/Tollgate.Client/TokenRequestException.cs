namespace Tollgate.Client;

/// <summary>
/// The token endpoint refused (an RFC 6749 §5.2 error: <see cref="Error"/>, <see cref="ErrorDescription"/>,
/// <see cref="StatusCode"/>) or answered something that is not a usable token response
/// (<see cref="Error"/> is then <c>invalid_token_response</c>, or <c>discovery_failed</c>).
/// </summary>
public sealed class TokenRequestException(string error, string? errorDescription, int? statusCode, Exception? inner = null)
    : Exception(Describe(error, errorDescription, statusCode), inner)
{
    public const string InvalidTokenResponse = "invalid_token_response";
    public const string DiscoveryFailed = "discovery_failed";

    /// <summary>The OAuth <c>error</c> code, e.g. <c>invalid_client</c>, <c>invalid_scope</c>.</summary>
    public string Error { get; } = error;
    public string? ErrorDescription { get; } = errorDescription;
    /// <summary>The HTTP status of the answer; null when none arrived.</summary>
    public int? StatusCode { get; } = statusCode;

    private static string Describe(string error, string? description, int? status)
        => $"token request failed: {error}{(description is null ? "" : $" ({description})")}{(status is null ? "" : $", HTTP {status}")}";
}
