using Microsoft.Extensions.Options;
using Tollgate.Authorizer.Configuration;
using Tollgate.Server.Hosting;
using Tollgate.Server.Tests.Infrastructure;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>The server's options problems as data: the configuration path and a code, rendered as start-up has always listed them.</summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, Action<TollgateOptions>, string, string, string> Cases => new()
    {
        { "issuer", o => o.Issuer = "ftp://x", "Tollgate:Issuer", Invalid, "Tollgate:Issuer must be an absolute http(s) URL without query or fragment." },
        { "data directory", o => o.DataDirectory = " ", "Tollgate:DataDirectory", Required, "Tollgate:DataDirectory must not be empty." },
        { "root secret", o => o.Bootstrap.RootClientSecret = "short", "Tollgate:Bootstrap:RootClientSecret", OutOfRange, "Tollgate:Bootstrap:RootClientSecret must be at least 16 characters." },
        { "key period alg", o => o.Keys.Periods["HS256"] = TimeSpan.FromDays(1), "Tollgate:Keys:Periods:HS256", Unknown, "Tollgate:Keys:Periods:HS256: unknown algorithm; use RS256, ES256 or PS256." },
        { "pre-publish", o => o.Keys.PrePublish = TimeSpan.FromMinutes(1), "Tollgate:Keys:PrePublish", OutOfRange, "Tollgate:Keys:PrePublish must be at least 00:10:00 (twice the JWKS cache lifetime)." },
        { "provider", o => o.Storage.Provider = "mysql", "Tollgate:Storage:Provider", Unknown, "Tollgate:Storage:Provider 'mysql' is unknown; use sqlite or postgres." },
        { "postgres without connection", o => o.Storage.Provider = "postgres", "Tollgate:Storage:ConnectionString", Required, "Tollgate:Storage:ConnectionString is required with Tollgate:Storage:Provider=postgres (e.g. Host=db;Database=tollgate;Username=tollgate)." },
        { "quota mode", o => o.Quotas.Mode = "maybe", "Tollgate:Quotas:Mode", Invalid, "Tollgate:Quotas:Mode must be enforce or log-only." },
        { "mtls proxy", o => o.Mtls.TrustedProxies = ["nope"], "Tollgate:Mtls:TrustedProxies", Invalid, "Tollgate:Mtls:TrustedProxies: 'nope' is not an IP address." },
        { "forward limit", o => o.ForwardedHeaders.ForwardLimit = 0, "Tollgate:ForwardedHeaders:ForwardLimit", OutOfRange, "Tollgate:ForwardedHeaders:ForwardLimit must be between 1 and 10." },
        { "console path", o => o.Console.Path = "console", "Tollgate:Console:Path", Invalid, "Tollgate:Console:Path must be a path like /console (set Tollgate:Console:Enabled=false to turn the console off)." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_OneProblem_HasItsPathCodeAndText(string because, Action<TollgateOptions> spoil, string path, string code, string text)
    {
        var options = new TollgateOptions();
        spoil(options);
        var error = Assert.Single(options.Validate());
        Assert.True((path, code) == (error.Path, error.Code), $"{because}: got {error.Path} / {error.Code}");
        Assert.Equal(text, error.ToString());
    }

    [Fact]
    public void Validate_DefaultOptions_AreGood() => Assert.Empty(new TollgateOptions().Validate());

    [Fact]
    public async Task StartUp_BadTokenHandler_NamesTheSettingsUnderDecisions_WithoutAStandInAuthorizer()
    {
        var host = new BadTokenHandlerHost();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.InitializeAsync);
        Assert.Contains("Tollgate:Decisions:TokenHandler.EncryptionKey: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tollgate:Decisions:TokenHandler.CookieNamePrefix: ", error.Message, StringComparison.Ordinal);
        // Phantom tokens are introspected by the server itself: nothing to configure, nothing to complain about.
        Assert.DoesNotContain("UsePhantomToken", error.Message, StringComparison.Ordinal);
        await host.DisposeAsync();
    }

    private sealed class BadTokenHandlerHost : TollgateHost
    {
        protected override bool UseKestrel => false;
        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["Tollgate:Decisions:TokenHandler:TrustedWebOrigins:0"] = "https://app.example";
            settings["Tollgate:Decisions:TokenHandler:EncryptionKey"] = "short";
            settings["Tollgate:Decisions:TokenHandler:UsePhantomToken"] = "true";
        }
    }
}
