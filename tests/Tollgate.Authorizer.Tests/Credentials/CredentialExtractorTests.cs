using Tollgate.Authorizer.Credentials;
using Tollgate.Authorizer.Decisions;

namespace Tollgate.Authorizer.Tests.Credentials;

public class CredentialExtractorTests
{
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
    private readonly CredentialExtractor _extractor = new();

    private static AuthorizationRequest WithHeaders(params (string Name, string Value)[] headers) => new()
    {
        Method = "GET",
        Path = "/contacts",
        Headers = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase),
    };

    [Theory]
    [InlineData("Bearer " + Jwt)]
    [InlineData("bearer " + Jwt)]
    [InlineData("BEARER " + Jwt)]
    [InlineData("  Bearer   " + Jwt + "  ")]
    [InlineData(Jwt)]
    [InlineData(" " + Jwt + " ")]
    public void Extract_AuthorizationHeaderWithOrWithoutBearer_FindsToken(string value)
    {
        var credential = _extractor.Extract(WithHeaders(("Authorization", value)));

        Assert.True(credential.Found);
        Assert.Equal(Jwt, credential.Token);
    }

    [Fact]
    public void Extract_BareTokenRequest_FindsToken()
    {
        Assert.Equal(Jwt, _extractor.Extract(AuthorizationRequest.ForToken(Jwt, "GET", "/x")).Token);
        Assert.Equal(Jwt, _extractor.Extract(AuthorizationRequest.ForToken("Bearer " + Jwt, "GET", "/x")).Token);
    }

    [Fact]
    public void Extract_HeaderNameInOtherCaseInOrdinalDictionary_FindsToken()
    {
        var request = new AuthorizationRequest
        {
            Method = "GET", Path = "/", Headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["authorization"] = "Bearer " + Jwt },
        };

        Assert.Equal(Jwt, _extractor.Extract(request).Token);
    }

    [Fact]
    public void Extract_NoHeader_IsMissingToken()
    {
        var credential = _extractor.Extract(WithHeaders(("Accept", "application/json")));

        Assert.False(credential.Found);
        Assert.Equal(ReasonCodes.MissingToken, credential.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Extract_EmptyHeader_IsMissingToken(string value) =>
        Assert.Equal(ReasonCodes.MissingToken, _extractor.Extract(WithHeaders(("Authorization", value))).Reason);

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Digest username=x")]
    [InlineData("Bearer")]
    [InlineData("Bearer a b")]
    [InlineData("Bearer tok\u00e9n")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("abc\r\ndef")]
    [InlineData("Bearer ==abc")]
    [InlineData("Bearer ab=c")]
    [InlineData("Bearer \"quoted\"")]
    public void Extract_OtherSchemeOrGarbage_IsMalformedToken(string value)
    {
        var credential = _extractor.Extract(WithHeaders(("Authorization", value)));

        Assert.False(credential.Found);
        Assert.Equal(ReasonCodes.MalformedToken, credential.Reason);
    }

    [Fact]
    public void Extract_TokenOverLimit_IsMalformedWithoutLookingFurther()
    {
        var credential = _extractor.Extract(WithHeaders(("Authorization", "Bearer " + new string('a', 100 * 1024))));

        Assert.Equal(ReasonCodes.MalformedToken, credential.Reason);
    }

    [Fact]
    public void Extract_ConfiguredHeader_FindsTokenThereAndIgnoresAuthorization()
    {
        var extractor = new CredentialExtractor("X-Api-Token");

        Assert.Equal(Jwt, extractor.Extract(WithHeaders(("x-api-token", "Bearer " + Jwt))).Token);
        Assert.Equal(ReasonCodes.MissingToken, extractor.Extract(WithHeaders(("Authorization", "Bearer " + Jwt))).Reason);
    }

    [Fact]
    public void Extract_QueryParameterWhenHeaderAbsent_FindsToken()
    {
        var extractor = new CredentialExtractor(queryParameter: "access_token");
        var request = new AuthorizationRequest
        {
            Method = "GET", Path = "/", Query = new Dictionary<string, string> { ["access_token"] = Jwt },
        };

        Assert.Equal(Jwt, extractor.Extract(request).Token);
    }

    [Fact]
    public void Extract_QueryParameterNotConfigured_IsMissingToken()
    {
        var request = new AuthorizationRequest
        {
            Method = "GET", Path = "/", Query = new Dictionary<string, string> { ["access_token"] = Jwt },
        };

        Assert.Equal(ReasonCodes.MissingToken, _extractor.Extract(request).Reason);
    }

    [Fact]
    public void Extract_GarbageInQueryParameter_IsMalformedToken()
    {
        var extractor = new CredentialExtractor(queryParameter: "access_token");
        var request = new AuthorizationRequest
        {
            Method = "GET", Path = "/", Query = new Dictionary<string, string> { ["access_token"] = "a b" },
        };

        Assert.Equal(ReasonCodes.MalformedToken, extractor.Extract(request).Reason);
    }
}
