using Contacts.Hosting;

// contacts [--urls http://127.0.0.1:5080] [--Contacts:Database contacts.db] [--Contacts:ClientIdHeader X-Client-Id]
// A sample API that trusts the gateway in front of it (nginx + Tollgate) for authorization, or, with
// --Contacts:Protection=Tollgate and --Contacts:Tollgate:Authority/Audience/ClientId/ClientSecret, protects itself.
var builder = WebApplication.CreateSlimBuilder(args);
// Per-request framework logs drown the one line per request the API writes; configuration can lower this.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
});
builder.AddContacts();
var app = builder.Build();
await app.InitializeContactsAsync();
app.MapContacts();
await app.RunAsync();
