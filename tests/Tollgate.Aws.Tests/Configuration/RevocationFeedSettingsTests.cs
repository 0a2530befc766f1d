using Tollgate.Authorizer.Configuration;
using Tollgate.Aws.Configuration;

namespace Tollgate.Aws.Tests.Configuration;

/// <summary>The revocation feed's variables, as parsed and as handed to the engine.</summary>
public class RevocationFeedSettingsTests
{
    private static readonly (string, string)[] Jwks =
        [("JWKS_URI", "https://auth.example.com/.well-known/jwks.json"), ("TOKEN_ISSUER", "https://auth.example.com"), ("AUDIENCE", "api")];

    private static readonly (string, string)[] Introspection =
        [("INTROSPECTION_URL", "https://auth.example.com/oauth2/introspect"), ("CLIENT_ID", "introspector"), ("CLIENT_SECRET", "introspector-secret")];

    private static SettingsResult Parse(params (string Name, string Value)[] variables) =>
        AwsSettingsParser.Parse(Jwks.Concat(variables).ToDictionary(v => v.Item1, v => (string?)v.Item2));

    private static AwsAuthorizerSettings Valid(params (string Name, string Value)[] variables)
    {
        var result = Parse(variables);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Settings!;
    }

    private static string SingleError(params (string Name, string Value)[] variables)
    {
        var result = Parse(variables);
        Assert.False(result.IsValid);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_EveryFeedVariable_BecomesTheEngineFeedOptions()
    {
        var settings = Valid(("TOLLGATE_REVOCATION_FEED_URL", "https://auth.example.com/revocations"),
            ("TOLLGATE_REVOCATION_CLIENT_ID", "gateway"), ("TOLLGATE_REVOCATION_CLIENT_SECRET", "feed-secret"),
            ("TOLLGATE_REVOCATION_INTERVAL_SECONDS", "10"), ("TOLLGATE_REVOCATION_FAIL_CLOSED_SECONDS", "120"));

        var feed = AuthorizerFactory.ToOptions(settings).RevocationFeed!;

        Assert.Equal("https://auth.example.com/revocations", feed.Url);
        Assert.Equal("gateway", feed.ClientId);
        Assert.Equal("feed-secret", feed.ClientSecret);
        Assert.Equal(TimeSpan.FromSeconds(10), feed.Interval);
        Assert.Equal(TimeSpan.FromMinutes(2), feed.FailClosedAfter);
        Assert.Equal(AuthorizerFactory.RevocationCatchUpWait, feed.CatchUpWait);
        Assert.True(feed.CatchUpWait > TimeSpan.Zero); // Lambda freezes the timer: decisions catch up
        Assert.Empty(AuthorizerFactory.ToOptions(settings).Validate());
    }

    [Fact]
    public void Parse_OnlyTheUrl_UsesTheIntrospectionClientAndTheDefaults()
    {
        var settings = Valid([.. Introspection, ("TOLLGATE_REVOCATION_FEED_URL", "https://auth.example.com/revocations")]);

        var feed = AuthorizerFactory.ToOptions(settings).RevocationFeed!;

        Assert.Equal("introspector", feed.ClientId);
        Assert.Equal("introspector-secret", feed.ClientSecret);
        Assert.Equal(RevocationFeedOptions.DefaultInterval, feed.Interval);
        Assert.Equal(RevocationFeedOptions.DefaultFailClosedAfter, feed.FailClosedAfter);
    }

    [Fact]
    public void Parse_NoFeedUrl_HasNoFeed() => Assert.Null(AuthorizerFactory.ToOptions(Valid()).RevocationFeed);

    [Fact]
    public void Parse_FailClosedZero_TurnsFailingClosedOff()
        => Assert.Equal(TimeSpan.Zero, Valid([.. Introspection, ("TOLLGATE_REVOCATION_FEED_URL", "http://127.0.0.1:5000/revocations"),
            ("TOLLGATE_REVOCATION_FAIL_CLOSED_SECONDS", "0")]).RevocationFailClosedAfter);

    [Fact]
    public void Parse_UrlWithoutAnyClient_NamesTheVariablesToSet()
    {
        var error = SingleError(("TOLLGATE_REVOCATION_FEED_URL", "https://auth.example.com/revocations"));

        Assert.Contains("TOLLGATE_REVOCATION_FEED_URL needs a client allowed to introspect", error);
        Assert.Contains("TOLLGATE_REVOCATION_CLIENT_ID and TOLLGATE_REVOCATION_CLIENT_SECRET", error);
        Assert.Contains("CLIENT_ID (or TOLLGATE_INTROSPECTION_CLIENT_ID)", error);
    }

    [Fact]
    public void Parse_ClientIdWithoutSecret_IsAnErrorEvenWithAnIntrospectionClient()
    {
        var error = SingleError([.. Introspection, ("TOLLGATE_REVOCATION_FEED_URL", "https://auth.example.com/revocations"),
            ("TOLLGATE_REVOCATION_CLIENT_ID", "gateway")]);

        Assert.Equal("TOLLGATE_REVOCATION_CLIENT_ID and TOLLGATE_REVOCATION_CLIENT_SECRET go together: set both, or neither to use the introspection client.", error);
    }

    [Fact]
    public void Parse_FeedVariablesWithoutTheUrl_NamesThem()
    {
        var error = SingleError(("TOLLGATE_REVOCATION_CLIENT_SECRET", "feed-secret"), ("TOLLGATE_REVOCATION_INTERVAL_SECONDS", "5"));

        Assert.StartsWith("TOLLGATE_REVOCATION_CLIENT_SECRET, TOLLGATE_REVOCATION_INTERVAL_SECONDS set but TOLLGATE_REVOCATION_FEED_URL is not", error);
        Assert.DoesNotContain("feed-secret", error);
    }

    [Fact]
    public void Parse_BadValues_ListsEveryProblemWithoutTheSecret()
    {
        var result = Parse(("TOLLGATE_REVOCATION_FEED_URL", "http://auth.example.com/revocations"),
            ("TOLLGATE_REVOCATION_CLIENT_ID", "gateway"), ("TOLLGATE_REVOCATION_CLIENT_SECRET", "feed-secret"),
            ("TOLLGATE_REVOCATION_INTERVAL_SECONDS", "0"), ("TOLLGATE_REVOCATION_FAIL_CLOSED_SECONDS", "soon"));

        string[] expected =
        [
            "TOLLGATE_REVOCATION_FEED_URL must be an absolute https URL (http is accepted only for localhost); got 'http://auth.example.com/revocations'.",
            "TOLLGATE_REVOCATION_INTERVAL_SECONDS must be a whole number from 1 to 600; got '0'.",
            "TOLLGATE_REVOCATION_FAIL_CLOSED_SECONDS must be a whole number from 0 to 86400; got 'soon'.",
        ];
        Assert.Equal(expected, result.Errors);
        Assert.DoesNotContain(result.Errors, e => e.Contains("feed-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_FailClosedShorterThanTwoIntervals_IsAnError()
    {
        var error = SingleError([.. Introspection, ("TOLLGATE_REVOCATION_FEED_URL", "https://auth.example.com/revocations"),
            ("TOLLGATE_REVOCATION_INTERVAL_SECONDS", "30"), ("TOLLGATE_REVOCATION_FAIL_CLOSED_SECONDS", "45")]);

        Assert.Equal("TOLLGATE_REVOCATION_FAIL_CLOSED_SECONDS must be 0 (never fail closed) or at least twice the interval (60 s), "
            + "or one slow pull refuses every request; got 45.", error);
    }

    [Fact]
    public void Settings_ToString_NeverShowsTheFeedSecret()
    {
        var settings = Valid(("TOLLGATE_REVOCATION_FEED_URL", "https://auth.example.com/revocations"),
            ("TOLLGATE_REVOCATION_CLIENT_ID", "gateway"), ("TOLLGATE_REVOCATION_CLIENT_SECRET", "feed-secret"));

        Assert.DoesNotContain("feed-secret", settings.ToString());
        Assert.Equal("feed-secret", settings.RevocationClientSecret!.Reveal());
    }
}
