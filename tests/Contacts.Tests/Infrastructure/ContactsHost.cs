using Contacts.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Contacts.Tests.Infrastructure;

/// <summary>
/// The contacts API on a real SQLite file in a fresh directory, in-process (TestServer) or on a
/// real Kestrel loopback port. Records the gateway headers of the last request it received.
/// </summary>
public sealed class ContactsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ContactsHost(WebApplication app, string directory, HttpClient http, Uri address)
    {
        _app = app;
        Directory = directory;
        Http = http;
        Address = address;
    }

    public string Directory { get; }
    public HttpClient Http { get; }
    public Uri Address { get; }

    /// <summary>Headers (lower-case names) of the last request under /contacts, as the API saw them.</summary>
    public IReadOnlyDictionary<string, string> LastHeaders { get; private set; } = new Dictionary<string, string>();

    /// <summary>How many requests under /contacts reached the API.</summary>
    public int ContactsRequests => _contactsRequests;

    private int _contactsRequests;

    public static async Task<ContactsHost> StartAsync(bool kestrel = false, Dictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "contacts-tests-" + Guid.NewGuid().ToString("N"));
        var config = new Dictionary<string, string?> { ["Contacts:Database"] = Path.Combine(directory, "contacts.db") };
        foreach (var (key, value) in settings ?? []) config[key] = value;

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (kestrel) builder.WebHost.UseUrls("http://127.0.0.1:0");
        else builder.WebHost.UseTestServer();
        builder.AddContacts();

        var app = builder.Build();
        await app.InitializeContactsAsync();
        ContactsHost? host = null;
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/contacts") && host is not null)
            {
                host.LastHeaders = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
                Interlocked.Increment(ref host._contactsRequests);
            }
            return next(context);
        });
        app.MapContacts();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync(); // start-up validation failed: nothing is left running
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { System.IO.Directory.Delete(directory, recursive: true); } catch (IOException) { }
            throw;
        }

        Uri address;
        HttpClient http;
        if (kestrel)
        {
            address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            http = new HttpClient { BaseAddress = address };
        }
        else
        {
            address = new Uri("http://contacts.test");
            http = app.GetTestClient();
            http.BaseAddress = address;
        }
        host = new ContactsHost(app, directory, http, address);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
