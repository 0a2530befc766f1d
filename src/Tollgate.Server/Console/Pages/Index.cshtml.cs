using Microsoft.Extensions.DependencyInjection;
using Tollgate.Core.Audit;
using Tollgate.Core.Keys;
using Tollgate.Core.Storage;
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

    public IReadOnlyList<AuditEntry> RecentChanges { get; private set; } = [];
    public ConsoleActivity Activity => Services.GetRequiredService<ConsoleActivity>();

    public async Task OnGetAsync()
    {
        var snapshot = Services.GetRequiredService<Core.Catalog.Catalog>().Current;
        Apis = snapshot.ApisByIdentifier.Count;
        Clients = snapshot.Clients.Count;
        Grants = snapshot.GrantsByClient.Values.Sum(g => g.Count);
        Revocations = Services.GetRequiredService<RevocationList>().Count;
        Keys = Services.GetRequiredService<KeyRing>().Keys.Length;
        // The audit trail's last entries: its head, and the page before it.
        var audit = Services.GetRequiredService<IAuditStore>();
        var head = (await audit.StateAsync(Aborted)).HeadId;
        var page = await audit.ListAsync(new PageRequest(10, PageCursor.Encode(Math.Max(0, head - 10))), new AuditFilter(), Aborted);
        RecentChanges = [.. page.Items.Reverse()];
    }
}
