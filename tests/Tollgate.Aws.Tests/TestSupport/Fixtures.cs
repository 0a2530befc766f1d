using System.Text;

namespace Tollgate.Aws.Tests.TestSupport;

/// <summary>The API Gateway event fixtures, with their <c>{token}</c> and <c>{cookie}</c> placeholders filled in.</summary>
public static class Fixtures
{
    public const string RestToken = "rest-token-event.json";
    public const string RestRequest = "rest-request-event.json";
    public const string HttpApiV2 = "http-api-v2-request-event.json";
    /// <summary>Route rules of the contacts API: GET needs read:contacts, POST/PUT/DELETE write:contacts.</summary>
    public const string ContactsRules = "contacts-rules.yaml";

    /// <summary>Looks like a JWT; must never show up in a response or a log line.</summary>
    public const string Token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzdmMifQ.c2lnbmF0dXJl";
    public const string Cookie = "tg-at=encrypted-cookie-value";

    public static readonly string[] All = [RestToken, RestRequest, HttpApiV2];

    public static string PathOf(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Text(string name, string token = Token) =>
        File.ReadAllText(PathOf(name)).Replace("{token}", token, StringComparison.Ordinal).Replace("{cookie}", Cookie, StringComparison.Ordinal);

    public static byte[] Bytes(string name, string token = Token) => Encoding.UTF8.GetBytes(Text(name, token));

    /// <summary>Writes the filled-in fixture to a temporary file (for the real-process tests).</summary>
    public static string WriteTemp(string name, string token = Token)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tollgate-aws-{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, Text(name, token));
        return path;
    }
}
