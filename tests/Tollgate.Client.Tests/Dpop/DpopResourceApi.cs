using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tollgate.Authorizer.Dpop;

namespace Tollgate.Client.Tests.Dpop;

/// <summary>
/// A resource server on a real Kestrel port that checks every call as RFC 9449 §7 asks, with
/// Tollgate.Authorizer's <see cref="DpopProofValidator"/>: <c>Authorization: DPoP</c>, a proof for
/// this method and URL with <c>ath</c> of the token, a server nonce (so the first call without one
/// is refused with <c>use_dpop_nonce</c>), no replayed <c>jti</c>, and the token's <c>cnf.jkt</c>
/// equal to the proof key's thumbprint. Every call is recorded with its outcome.
/// </summary>
public sealed class DpopResourceApi(TimeProvider time) : IAsyncDisposable
{
    public sealed record Call(string Method, string Url, string? Scheme, string? Proof, string? Jti, string? Thumbprint, int Status, string? Error, string Body);

    private readonly DpopNonces _nonces = new(RandomNumberGenerator.GetBytes(32), TimeSpan.FromMinutes(5), time);
    private readonly DpopReplayCache _replay = new(10_000, time);
    private WebApplication? _app;

    public ConcurrentQueue<Call> Calls { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;

    public IEnumerable<Call> Accepted => Calls.Where(c => c.Status == 200);

    public async Task StartAsync()
    {
        var validator = new DpopProofValidator(new DpopSettings(), time, _nonces);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapMethods("/{**path}", ["GET", "POST", "DELETE"], async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var request = context.Request;
            var url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
            var authorization = request.Headers.Authorization.ToString();
            var scheme = authorization.Split(' ', 2)[0];
            var token = authorization.StartsWith("DPoP ", StringComparison.Ordinal) ? authorization[5..] : null;
            var proofs = request.Headers["DPoP"];
            var proof = proofs.Count == 1 ? proofs[0] : null;

            IResult Refuse(string error, string? thumbprint = null, string? jti = null)
            {
                Calls.Enqueue(new Call(request.Method, url, scheme, proof, jti, thumbprint, 401, error, body));
                context.Response.Headers.WWWAuthenticate = $"DPoP error=\"{error}\", algs=\"ES256 RS256 PS256\"";
                if (error == "use_dpop_nonce") context.Response.Headers["DPoP-Nonce"] = _nonces.Current();
                return Results.StatusCode(401);
            }

            if (token is null) return Refuse("invalid_token");
            var result = validator.Validate(proof, request.Method, url, token);
            if (result.Proof is not { } valid) return Refuse(result.ErrorCode);
            if (!_replay.TryUse(valid)) return Refuse("invalid_dpop_proof", valid.Thumbprint, valid.Jti);
            if (Jkt(token) != valid.Thumbprint) return Refuse("invalid_token", valid.Thumbprint, valid.Jti);
            Calls.Enqueue(new Call(request.Method, url, scheme, proof, valid.Jti, valid.Thumbprint, 200, null, body));
            return Results.Text("ok");
        });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>The <c>cnf.jkt</c> of a JWT access token (its signature is the token server's business, checked in the server's own tests).</summary>
    public static string? Jkt(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return null;
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])));
        return payload?["cnf"]?["jkt"]?.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
