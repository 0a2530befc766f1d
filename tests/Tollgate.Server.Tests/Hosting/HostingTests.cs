using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Tollgate.Core.Tokens;
using Tollgate.Server.Tests.Infrastructure;

namespace Tollgate.Server.Tests.Hosting;

/// <summary>Start-up, persistence across restarts, secrets at rest, HTTPS from PEM files.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task Restart_OnSameDataDirectory_KeepsEverythingAndOldTokensStayValid()
    {
        var first = new InProcessHost();
        await first.InitializeAsync();
        var audience = await first.CreateApiAsync("jwt", "ES256");
        var opaqueAudience = await first.CreateApiAsync("opaque");
        var (id, secret) = await first.CreateClientAsync();
        await first.GrantAsync(id, audience, "read:contacts");
        await first.GrantAsync(id, opaqueAudience, "read:contacts");
        var resource = await first.CreateClientAsync(introspect: true);
        var jwt = await first.TokenAsync(id, secret, audience);
        var opaque = await first.TokenAsync(id, secret, opaqueAudience);
        var jwks = await first.Http.GetStringAsync("/.well-known/jwks.json");
        await first.StopAsync();

        var second = new SameDirectoryHost(first.DataDirectory);
        await second.InitializeAsync();
        try
        {
            Assert.Equal(jwks, await second.Http.GetStringAsync("/.well-known/jwks.json"));
            Assert.True((await second.IntrospectAsync(jwt, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
            Assert.True((await second.IntrospectAsync(opaque, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
            Assert.Equal(audience, (await second.AdminOkAsync(HttpMethod.Get, $"/admin/apis/{Uri.EscapeDataString(audience)}")).Str("identifier"));
            Assert.Equal(id, (await second.AdminOkAsync(HttpMethod.Get, $"/admin/clients/{id}")).Str("client_id"));
            Assert.Equal(2, (await second.AdminOkAsync(HttpMethod.Get, $"/admin/grants?client_id={id}"))["items"]!.AsArray().Count);
            Assert.False(string.IsNullOrEmpty(await second.TokenAsync(id, secret, audience)));
        }
        finally
        {
            await second.DisposeAsync();
        }
        Assert.False(Directory.Exists(first.DataDirectory));
    }

    [Fact]
    public async Task DatabaseFile_HoldsNoSecretTokenOrPrivateKeyInClear()
    {
        var host = new InProcessHost();
        await host.InitializeAsync();
        var audience = await host.CreateApiAsync("opaque");
        var (id, secret) = await host.CreateClientAsync();
        await host.GrantAsync(id, audience, "read:contacts");
        var opaque = await host.TokenAsync(id, secret, audience);
        await host.StopAsync();

        var bytes = Concat(Directory.GetFiles(host.DataDirectory, "tollgate.db*").Select(File.ReadAllBytes));
        var text = Encoding.Latin1.GetString(bytes);
        Assert.Contains(id, text);                        // the file is the one we wrote to
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(secret[5..], text);
        Assert.DoesNotContain(TollgateHost.RootSecret, text);
        Assert.DoesNotContain(opaque, text);
        Assert.DoesNotContain(opaque[5..], text);
        Assert.DoesNotContain("PRIVATE KEY", text);
        Assert.DoesNotContain("\"d\":", text);
        Directory.Delete(host.DataDirectory, true);
    }

    [Fact]
    public async Task FirstStart_WithoutRootSecret_WritesOwnerOnlyCredentialsThatWork()
    {
        var host = new NoRootSecretHost();
        await host.InitializeAsync();
        try
        {
            var file = Path.Combine(host.DataDirectory, "root-client.json");
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            var credentials = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
            Assert.Equal("tollgate-root", credentials.Str("client_id"));
            var response = await host.Http.SendAsync(TollgateHost.TokenRequest("tollgate-root", credentials.Str("client_secret"),
                new() { ["grant_type"] = "client_credentials" }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("tollgate:admin", (await response.JsonAsync()).Str("scope"));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Https_FromPemCertificateAndKey_ServesTls()
    {
        var dir = Directory.CreateTempSubdirectory("tollgate-tls").FullName;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(dir, "cert.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());

        var host = new HttpsHost(Path.Combine(dir, "cert.pem"), Path.Combine(dir, "key.pem"), certificate.Thumbprint);
        await host.InitializeAsync();
        try
        {
            Assert.StartsWith("https://", host.Http.BaseAddress!.ToString());
            var metadata = JsonNode.Parse(await host.Http.GetStringAsync("/.well-known/openid-configuration"))!.AsObject();
            Assert.StartsWith("https://", metadata.Str("token_endpoint"));
            Assert.True(host.SawOurCertificate);
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task TruncatedBody_IsRefusedQuietly_AndTheServerCarriesOn()
    {
        var host = new KestrelHost();
        await host.InitializeAsync();
        try
        {
            var (hostName, port) = (host.Http.BaseAddress!.Host, host.Http.BaseAddress.Port);
            var request = Encoding.ASCII.GetBytes("POST /oauth2/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type");
            for (var i = 0; i < 5; i++)
            {
                // Half the body, then the client goes away (as wrk does when it stops).
                using (var gone = new System.Net.Sockets.TcpClient())
                {
                    await gone.ConnectAsync(hostName, port);
                    await gone.GetStream().WriteAsync(request);
                    await Task.Delay(50);
                    gone.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
                }
                // Half the body, then the client says it is done sending.
                using var tcp = new System.Net.Sockets.TcpClient();
                await tcp.ConnectAsync(hostName, port);
                var stream = tcp.GetStream();
                await stream.WriteAsync(request);
                tcp.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                string answer;
                try
                {
                    answer = await new StreamReader(stream).ReadToEndAsync();
                }
                catch (IOException)
                {
                    answer = "";   // a reset is a fair answer to a body shorter than its Content-Length
                }
                Assert.DoesNotContain(" 500 ", answer);
            }
            Assert.Equal("Healthy", await host.Http.GetStringAsync("/health/ready"));
            await Task.Delay(200);
            var exceptions = host.Logs.Entries.Where(e => e.Contains("Exception", StringComparison.Ordinal)).ToList();
            Assert.True(exceptions.Count == 0, string.Join(Environment.NewLine, exceptions));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReferenceTokens_OfEarlierReleases_StayActiveUntilTheyExpire_AndCanBeRevoked()
    {
        var host = new InProcessHost();
        await host.InitializeAsync();
        try
        {
            var audience = await host.CreateApiAsync("opaque", lifetime: 60);
            var (id, secret) = await host.CreateClientAsync();
            await host.GrantAsync(id, audience, "read:contacts");
            var now = host.Time.GetUtcNow();
            var kept = await InsertReferenceTokenAsync(host, id, audience, now, now.AddSeconds(60));
            var revoked = await InsertReferenceTokenAsync(host, id, audience, now, now.AddSeconds(60));
            var (reader, readerSecret) = await host.CreateClientAsync(introspect: true);

            var answer = await host.IntrospectAsync(kept, reader, readerSecret);
            Assert.True(answer["active"]!.GetValue<bool>());
            Assert.Equal(id, answer.Str("client_id"));
            Assert.Equal("read:contacts", answer.Str("scope"));

            var revoke = await host.Http.SendAsync(TollgateHost.TokenRequest(id, secret, new() { ["token"] = revoked }, "/oauth2/revoke"));
            Assert.Equal(System.Net.HttpStatusCode.OK, revoke.StatusCode);
            Assert.False((await host.IntrospectAsync(revoked, reader, readerSecret))["active"]!.GetValue<bool>());
            Assert.True((await host.IntrospectAsync(kept, reader, readerSecret))["active"]!.GetValue<bool>());
            Assert.False((await host.IntrospectAsync(OpaqueToken.GenerateReference(), reader, readerSecret))["active"]!.GetValue<bool>());

            host.Time.Advance(TimeSpan.FromSeconds(61));
            Assert.False((await host.IntrospectAsync(kept, reader, readerSecret))["active"]!.GetValue<bool>());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Maintenance_DeletesExpiredReferenceTokens_AndTruncatesTheLog()
    {
        var host = new InProcessHost();
        await host.InitializeAsync();
        try
        {
            var audience = await host.CreateApiAsync("opaque", lifetime: 60);
            var (id, secret) = await host.CreateClientAsync();
            await host.GrantAsync(id, audience, "read:contacts");
            var now = host.Time.GetUtcNow();
            for (var i = 0; i < 20; i++) await InsertReferenceTokenAsync(host, id, audience, now, now.AddSeconds(60));
            var live = await InsertReferenceTokenAsync(host, id, audience, now, now.AddSeconds(120));
            var db = host.Services.GetRequiredService<Tollgate.Storage.Sqlite.SqliteDatabase>();
            async Task<long> CountAsync() => (await db.QueryAsync("SELECT count(*) FROM opaque_tokens", _ => { }, r => r.GetInt64(0), CancellationToken.None))[0];
            var maintenance = host.Services.GetRequiredService<Tollgate.Core.Storage.IStorageMaintenance>();

            await maintenance.MaintainAsync(host.Time.GetUtcNow(), CancellationToken.None);
            Assert.Equal(21, await CountAsync());                      // live tokens stay

            host.Time.Advance(TimeSpan.FromSeconds(61));
            var sealedToken = await host.TokenAsync(id, secret, audience);
            await maintenance.MaintainAsync(host.Time.GetUtcNow(), CancellationToken.None);
            Assert.Equal(1, await CountAsync());                       // only the one that expires later
            Assert.True(new FileInfo(Path.Combine(host.DataDirectory, "tollgate.db-wal")).Length < 64 * 1024);
            var resource = await host.CreateClientAsync(introspect: true);
            Assert.True((await host.IntrospectAsync(live, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
            Assert.True((await host.IntrospectAsync(sealedToken, resource.Id, resource.Secret))["active"]!.GetValue<bool>());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A row as releases before sealed opaque tokens wrote it; returns the token.</summary>
    private static async Task<string> InsertReferenceTokenAsync(TollgateHost host, string clientId, string audience, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
    {
        var token = OpaqueToken.GenerateReference();
        var db = host.Services.GetRequiredService<Tollgate.Storage.Sqlite.SqliteDatabase>();
        await db.ExecuteAsync(
            "INSERT INTO opaque_tokens (hash, client_id, audience, scope, issuer, jti, issued_at, expires_at) VALUES ($h, $c, $a, 'read:contacts', $i, $j, $iat, $exp)",
            cmd =>
            {
                cmd.Parameters.AddWithValue("$h", OpaqueToken.Hash(token));
                cmd.Parameters.AddWithValue("$c", clientId);
                cmd.Parameters.AddWithValue("$a", audience);
                cmd.Parameters.AddWithValue("$i", host.Issuer);
                cmd.Parameters.AddWithValue("$j", Guid.NewGuid().ToString("N"));
                cmd.Parameters.AddWithValue("$iat", issuedAt.ToUnixTimeMilliseconds());
                cmd.Parameters.AddWithValue("$exp", expiresAt.ToUnixTimeMilliseconds());
            },
            CancellationToken.None);
        return token;
    }

    private static byte[] Concat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    private sealed class SameDirectoryHost(string directory) : TollgateHost(directory)
    {
        protected override bool UseKestrel => false;
    }

    private sealed class NoRootSecretHost : TollgateHost
    {
        protected override bool UseKestrel => false;
        protected override void Configure(Dictionary<string, string?> settings) => settings.Remove("Tollgate:Bootstrap:RootClientSecret");
    }

    private sealed class HttpsHost(string certPath, string keyPath, string thumbprint) : TollgateHost
    {
        public bool SawOurCertificate { get; private set; }
        protected override bool UseKestrel => true;

        protected override void Configure(Dictionary<string, string?> settings)
        {
            settings["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0";
            settings["Kestrel:Endpoints:Https:Certificate:Path"] = certPath;
            settings["Kestrel:Endpoints:Https:Certificate:KeyPath"] = keyPath;
        }

        protected override HttpClient CreateKestrelClient(Uri address) => new(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust exactly the self-signed certificate this test made, nothing else.
                RemoteCertificateValidationCallback = (_, cert, _, _) => SawOurCertificate = cert is not null && cert.GetCertHashString() == thumbprint,
            },
        }) { BaseAddress = address };
    }
}
