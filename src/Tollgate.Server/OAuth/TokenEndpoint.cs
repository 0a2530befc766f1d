using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Tollgate.Authorizer.Dpop;
using Tollgate.Authorizer.Telemetry;
using Tollgate.Core.Apis;
using Tollgate.Core.OAuth;
using Tollgate.Core.Storage;
using Tollgate.Core.TokenEndpoint;
using Tollgate.Server.Hosting;
using Tollgate.Server.Telemetry;

namespace Tollgate.Server.OAuth;

/// <summary>
/// <c>POST /oauth2/token</c>: reads the request off the wire, checks a DPoP proof if one came (<see cref="DpopStep"/>), and hands it to
/// the token pipeline (<see cref="TokenPipeline"/>: client authentication, then the grant handler for <c>grant_type</c>).
/// Each answer is counted (<c>tollgate.tokens.issued</c> or <c>tollgate.token.errors</c>, <c>tollgate.token.duration</c>) under the span <c>tollgate.token</c>.
/// </summary>
public static class TokenEndpoint
{
    public const string SpanName = "tollgate.token";

    public static async Task HandleAsync(HttpContext context, TokenPipeline pipeline, IOptions<TollgateOptions> options,
        DpopProofValidator dpop, IAssertionReplayStore replay, IIssuer issuer, ServerMetrics metrics)
    {
        var started = metrics.StartTiming();
        using var span = AuthorizerTracing.Source.StartActivity(SpanName);
        var issued = await IssueAsync(context, pipeline, options.Value, dpop, replay, issuer);
        if (issued is { } token)
        {
            metrics.TokenIssued(token.Api, token.Format, token.AuthMethod, started);
            return;
        }
        var error = OAuthResponses.WrittenError(context) ?? "invalid_request";
        span?.SetTag("error.type", error);
        metrics.TokenRefused(error, started);
    }

    /// <returns>What was issued, for the counters; null when an error was written.</returns>
    private static async Task<(string Api, TokenFormat Format, ClientAuthMethod AuthMethod)?> IssueAsync(HttpContext context, TokenPipeline pipeline,
        TollgateOptions options, DpopProofValidator dpop, IAssertionReplayStore replay, IIssuer issuer)
    {
        var basic = OAuthResponses.UsedBasic(context.Request);
        if (await EndpointSteps.ReadParametersAsync(context, options.MaxFormBytes, allowJson: true) is not { } parameters) return null;
        var credential = ClientCredentialReader.Read(context.Request, parameters);
        if (credential.Error is { } credentialError)
        {
            await OAuthResponses.WriteErrorAsync(context, credentialError, basic);
            return null;
        }

        // Before client authentication: a proof's jti is spent even when the client then fails, like a nonce.
        var binding = await DpopStep.CheckAsync(context, dpop, replay, issuer.Value + "/oauth2/token");
        if (binding.Error is { } dpopError)
        {
            await OAuthResponses.WriteErrorAsync(context, dpopError, basic);
            return null;
        }

        var request = new TokenRequest(parameters.Param("grant_type"), credential.Value, parameters.Param("audience"),
            parameters.Param("resource"), parameters.Param("scope"), binding.Value,
            context.Connection.ClientCertificate is { } certificate ? Authorizer.Mtls.CertificateThumbprint.Of(certificate.RawData) : null,
            EndpointSteps.SourceAddress(context));
        var result = await pipeline.HandleAsync(request, context.RequestAborted);
        if (result.Error is { } error)
        {
            await OAuthResponses.WriteErrorAsync(context, error, basic);
            return null;
        }

        var token = result.Value!;
        OAuthResponses.WriteAllowance(context.Response, token.Allowance);
        await OAuthResponses.WriteJsonAsync(context, json =>
        {
            json.WriteString("access_token", token.AccessToken);
            json.WriteString("token_type", token.TokenType);
            json.WriteNumber("expires_in", token.ExpiresIn);
            json.WriteString("scope", token.Scope);
        });
        return (token.Api, token.Format, credential.Value!.Method);
    }
}
