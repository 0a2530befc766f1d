using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Tollgate.Aws.Configuration;
using Tollgate.Aws.Handling;
using Tollgate.Aws.Logging;
using Tollgate.Aws.Rendering;
using Tollgate.Core.Keys;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>
/// The Lambda handler over the real engine (<see cref="AuthorizerFactory"/>), configured by environment variables
/// as in Lambda: tokens signed by <see cref="Signer"/>, whose JWKS a fake handler serves at <c>{Issuer}/jwks</c>,
/// and the JSON log lines the handler wrote in <see cref="Log"/>.
/// </summary>
public sealed class EngineHarness : IDisposable
{
    public const string Issuer = "https://issuer.example";
    public static readonly SigningKey Signer = SigningKey.Generate("RS256");
    private readonly HttpClient _http = new(new JwksHandler());

    public StringWriter Log { get; } = new();

    /// <summary>A handler with <c>TOKEN_ISSUER</c> and <c>JWKS_URI</c> set to the fake issuer, plus <paramref name="variables"/>.</summary>
    public AuthorizerHandler Handler(Dictionary<string, string?> variables)
    {
        var all = new Dictionary<string, string?>(variables) { ["TOKEN_ISSUER"] = Issuer, ["JWKS_URI"] = Issuer + "/jwks" };
        var settings = AwsSettingsParser.Parse(all);
        Assert.True(settings.IsValid, string.Join(Environment.NewLine, settings.Errors));
        var loggers = new JsonLineLoggerFactory(Log, LogLevel.Information, TimeProvider.System);
        var engine = AuthorizerFactory.Create(settings.Settings!, _http, TimeProvider.System, loggers);
        return new AuthorizerHandler(engine, new RendererSelector(settings.Settings!.HttpApiResponse), loggers.CreateLogger("test"), TimeProvider.System);
    }

    public void Dispose() => _http.Dispose();

    private sealed class JwksHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"keys\":[" + Signer.PublicJwk + "]}", Encoding.UTF8, "application/json"),
            });
    }
}
