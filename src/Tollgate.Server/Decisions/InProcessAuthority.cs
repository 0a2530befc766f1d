using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.Core.Introspection;
using Tollgate.Core.Keys;

namespace Tollgate.Server.Decisions;

/// <summary>
/// The authorization server as the embedded decision engine sees it, answered from memory: its
/// JWKS and its introspection. The engine speaks HTTP to issuers; inside <c>tollgate serve</c> those
/// requests never leave the process.
/// </summary>
public sealed class InProcessAuthority(KeyRing keys, TokenInspector inspector) : HttpMessageHandler
{
    // Loopback so the engine accepts plain http; the handler answers before anything is sent.
    public const string BaseUrl = "http://localhost/tollgate-in-process";
    public const string JwksUrl = BaseUrl + "/.well-known/jwks.json";
    public const string IntrospectionUrl = BaseUrl + "/oauth2/introspect";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri?.GetLeftPart(UriPartial.Path);
        if (request.Method == HttpMethod.Get && url == JwksUrl)
            return Json(keys.JwksJson.ToArray());
        if (request.Method == HttpMethod.Post && url == IntrospectionUrl && request.Content is not null)
        {
            var form = await request.Content.ReadAsStringAsync(cancellationToken);
            var token = form.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "token") is [_, var value] ? WebUtility.UrlDecode(value) : "";
            var claims = await inspector.InspectAsync(token, cancellationToken);
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                IntrospectionJwt.WriteResponse(json, claims);
                json.WriteEndObject();
            }
            return Json(buffer.ToArray());
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
