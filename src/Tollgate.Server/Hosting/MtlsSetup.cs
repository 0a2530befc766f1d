using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Authorizer.Configuration;
using Tollgate.Core.OAuth;
using static Tollgate.Authorizer.Configuration.ValidationError.Codes;

namespace Tollgate.Server.Hosting;

/// <summary>
/// The <c>Tollgate:Mtls</c> section: TLS client certificates for RFC 8705 client authentication and
/// certificate-bound tokens, from Kestrel's own TLS or from a TLS-terminating proxy. See docs/mtls.md.
/// </summary>
public sealed class MtlsOptions
{
    /// <summary>Kestrel's HTTPS endpoints ask for a client certificate (optional: clients without one still connect).</summary>
    public bool Enabled { get; set; }
    /// <summary>PEM file of the CAs whose certificates prove <c>tls_client_auth</c> clients; without it only <c>self_signed_tls_client_auth</c> works.</summary>
    public string? TrustedCaFile { get; set; }
    /// <summary>Behind a TLS-terminating proxy: the header it puts the client's certificate in (PEM, or URL-escaped PEM as nginx's <c>$ssl_client_escaped_cert</c>).</summary>
    public string? CertificateHeader { get; set; }
    /// <summary>The proxies (IP addresses) whose <see cref="CertificateHeader"/> is believed; anyone else's is ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Client certificates can reach the server at all, so the RFC 8705 methods are advertised.</summary>
    public bool Available => Enabled || !string.IsNullOrEmpty(CertificateHeader);

    public IEnumerable<ValidationError> Validate()
    {
        if (TrustedCaFile is { Length: > 0 } file && !File.Exists(file)) yield return new ValidationError("Tollgate:Mtls:TrustedCaFile", NotFound, $"'{file}' does not exist.");
        if (!string.IsNullOrEmpty(CertificateHeader) && TrustedProxies.Count == 0)
            yield return ValidationError.Sentence("Tollgate:Mtls:CertificateHeader", Conflict, "needs Tollgate:Mtls:TrustedProxies (the addresses of the proxies that set it).");
        foreach (var proxy in TrustedProxies)
            if (!IPAddress.TryParse(proxy, out _)) yield return new ValidationError("Tollgate:Mtls:TrustedProxies", Invalid, $"'{proxy}' is not an IP address.");
    }
}

public static class MtlsSetup
{
    public static WebApplicationBuilder AddTollgateMtls(this WebApplicationBuilder builder, MtlsOptions options)
    {
        var trust = MtlsTrust.None;
        if (options.TrustedCaFile is { Length: > 0 } file)
        {
            var anchors = new X509Certificate2Collection();
            try
            {
                anchors.ImportFromPemFile(file);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"Tollgate:Mtls:TrustedCaFile: '{file}' holds no readable PEM certificate ({e.Message}).", e);
            }
            if (anchors.Count == 0) throw new InvalidOperationException($"Tollgate:Mtls:TrustedCaFile: '{file}' holds no PEM certificate.");
            trust = new MtlsTrust(anchors);
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(trust);
        builder.Services.AddSingleton<ClientCertificateValidator>();
        if (options.Enabled)
        {
            // Any certificate passes the handshake: which ones prove a client is decided per client (CA and subject,
            // or its registered key), and a certificate that proves nothing still binds a token to its holder.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        }
        return builder;
    }

    /// <summary>
    /// Behind a TLS-terminating proxy: the certificate in <see cref="MtlsOptions.CertificateHeader"/> becomes the
    /// connection's, but only on a connection from a trusted proxy (checked before any forwarded-headers rewrite
    /// of the remote address). Written here rather than with ASP.NET Core's certificate-forwarding middleware
    /// because that one believes the header from any peer.
    /// </summary>
    public static WebApplication UseTollgateMtlsHeader(this WebApplication app)
    {
        if (app.Services.GetService<MtlsOptions>() is not { CertificateHeader: { Length: > 0 } header } options) return app;
        var proxies = options.TrustedProxies.Select(IPAddress.Parse).ToArray();
        app.Use(async (context, next) =>
        {
            var value = context.Request.Headers[header].ToString();
            if (value.Length > 0)
            {
                context.Request.Headers.Remove(header);
                if (context.Connection.RemoteIpAddress is { } peer && proxies.Any(p => p.Equals(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer))
                    && context.Connection.ClientCertificate is null && Parse(value) is { } certificate)
                    context.Connection.ClientCertificate = certificate;
            }
            await next();
        });
        return app;
    }

    private static X509Certificate2? Parse(string value)
    {
        try
        {
            var pem = value.Contains('%') ? Uri.UnescapeDataString(value) : value;
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or UriFormatException or ArgumentException)
        {
            return null;   // an unreadable header proves nothing: the request goes on without a certificate
        }
    }
}
