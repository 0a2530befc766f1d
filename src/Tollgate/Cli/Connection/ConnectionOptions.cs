using System.CommandLine;

namespace Tollgate.Cli.Connection;

/// <summary>
/// The options every server verb takes: where the server is and which client the CLI acts as.
/// Each falls back to its environment variable, then to the profile <c>tollgate login</c> wrote.
/// </summary>
public sealed class ConnectionOptions
{
    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = "The server's base URL (or TOLLGATE_ENDPOINT, or the profile).", Recursive = true };
    public Option<string?> ClientId { get; } = new("--client-id") { Description = "The client to act as (or TOLLGATE_CLIENT_ID, or the profile).", Recursive = true };
    public Option<string?> ClientSecret { get; } = new("--client-secret") { Description = "Its secret (or TOLLGATE_CLIENT_SECRET, or the profile; prefer those: a flag is in the shell history).", Recursive = true };
    public Option<string> Format { get; } = new Option<string>("--format") { Description = "Output: table (default), json or yaml.", Recursive = true, DefaultValueFactory = _ => "table" };

    public ConnectionOptions() => Format.AcceptOnlyFromAmong("table", "json", "yaml");

    public void AddTo(Command root)
    {
        root.Add(Endpoint);
        root.Add(ClientId);
        root.Add(ClientSecret);
        root.Add(Format);
    }

    /// <summary>Only the server (verbs that need no credentials: decode, decide).</summary>
    public (string? Endpoint, string? Error) ResolveEndpoint(ParseResult parse, CliContext cli)
    {
        var (profile, profileError) = Profile.Load(cli.ConfigDirectory);
        if (profileError is not null) return (null, profileError);
        var endpoint = parse.GetValue(Endpoint) ?? cli.Environment("TOLLGATE_ENDPOINT") ?? profile?.Endpoint;
        if (string.IsNullOrEmpty(endpoint)) return (null, "no server: pass --endpoint URL, set TOLLGATE_ENDPOINT, or run 'tollgate login'.");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return (null, $"--endpoint must be an absolute http(s) URL, not '{endpoint}'.");
        return (endpoint.TrimEnd('/'), null);
    }

    /// <summary>Flags, then environment, then profile; an error names what is missing and where it can come from.</summary>
    public (Credentials? Credentials, string? Error) Resolve(ParseResult parse, CliContext cli)
    {
        var (profile, profileError) = Profile.Load(cli.ConfigDirectory);
        if (profileError is not null) return (null, profileError);
        var endpoint = parse.GetValue(Endpoint) ?? cli.Environment("TOLLGATE_ENDPOINT") ?? profile?.Endpoint;
        var clientId = parse.GetValue(ClientId) ?? cli.Environment("TOLLGATE_CLIENT_ID") ?? profile?.ClientId;
        var secret = parse.GetValue(ClientSecret) ?? cli.Environment("TOLLGATE_CLIENT_SECRET")
            ?? (profile is not null && profile.ClientId == clientId ? profile.ClientSecret : null);
        if (string.IsNullOrEmpty(endpoint)) return (null, "no server: pass --endpoint URL, set TOLLGATE_ENDPOINT, or run 'tollgate login'.");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return (null, $"--endpoint must be an absolute http(s) URL, not '{endpoint}'.");
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
            return (null, "no client credentials: pass --client-id and set TOLLGATE_CLIENT_SECRET, or run 'tollgate login'.");
        return (new Credentials(endpoint.TrimEnd('/'), clientId, secret), null);
    }
}
