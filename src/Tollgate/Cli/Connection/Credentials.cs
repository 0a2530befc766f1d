namespace Tollgate.Cli.Connection;

/// <summary>A server and the client the CLI authenticates as there.</summary>
public sealed record Credentials(string Endpoint, string ClientId, string ClientSecret);
