using System.Diagnostics;

namespace Tollgate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One way the contacts API is protected, as the access matrix calls it: <see cref="Nginx"/>,
/// <see cref="Caddy"/>, <see cref="Haproxy"/> (each asks <c>tollgate serve</c> for each decision, from its deploy/ template)
/// or <see cref="AspNetCore"/> (the sample process validates tokens itself with Tollgate.AspNetCore). <paramref name="Jwt"/> and <paramref name="Opaque"/>
/// reach the JWT contacts API and its opaque-token twin. <paramref name="Propagation"/> is how long a
/// revocation or a rule change may take to reach it: nothing for nginx (the server decides), the
/// feed and rules polling interval (with slack for a loaded machine) in-process.
/// </summary>
public sealed record ApiTarget(string Name, HttpClient Jwt, HttpClient Opaque, TimeSpan Propagation, string BareChallenge)
{
    public const string Nginx = "nginx";
    public const string AspNetCore = "aspnetcore";
    public const string Caddy = "caddy";
    public const string Haproxy = "haproxy";

    public static IReadOnlyList<string> Names { get; } = [Nginx, AspNetCore, Caddy, Haproxy];

    /// <summary>Every target, as theory data: each matrix test runs once per protection mode.</summary>
    public static TheoryData<string> All => new(Names);

    /// <summary>
    /// The answer after an admin change: with no propagation delay the very next call; otherwise the
    /// first call within <see cref="Propagation"/> that <paramref name="settled"/> accepts (or the last one).
    /// </summary>
    public async Task<GatewayAnswer> AfterChangeAsync(Func<HttpClient, Task<GatewayAnswer>> call, Func<GatewayAnswer, bool> settled, HttpClient? via = null)
    {
        via ??= Jwt;
        var answer = await call(via);
        var clock = Stopwatch.StartNew();
        while (!settled(answer) && clock.Elapsed < Propagation)
        {
            await Task.Delay(100);
            answer = await call(via);
        }
        return answer;
    }

    public override string ToString() => Name;
}
