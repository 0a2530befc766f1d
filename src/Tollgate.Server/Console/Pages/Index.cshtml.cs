using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Keys;
using Tollgate.Core.Revocation;

namespace Tollgate.Server.Console.Pages;

public sealed class IndexModel : ConsolePage
{
    public override string Section => "overview";
    public int Apis { get; private set; }
    public int Clients { get; private set; }
    public int Grants { get; private set; }
    public int Revocations { get; private set; }
    public int Keys { get; private set; }

    public void OnGet()
    {
        var snapshot = Services.GetRequiredService<Core.Catalog.Catalog>().Current;
        Apis = snapshot.ApisByIdentifier.Count;
        Clients = snapshot.Clients.Count;
        Grants = snapshot.GrantsByClient.Values.Sum(g => g.Count);
        Revocations = Services.GetRequiredService<RevocationList>().Count;
        Keys = Services.GetRequiredService<KeyRing>().Keys.Length;
    }
}
