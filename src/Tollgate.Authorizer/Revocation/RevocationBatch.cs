namespace Tollgate.Authorizer.Revocation;

/// <summary>Entries read from one or more feed pages, applied to the list together.</summary>
internal sealed class RevocationBatch
{
    public List<TokenRevocation> Tokens { get; } = [];
    public List<PrincipalRevocation> Principals { get; } = [];
    /// <summary>Entries already past their <c>exp</c> when read (not kept).</summary>
    public int Expired { get; set; }
    /// <summary>Entries of a type this authorizer does not know (a newer server).</summary>
    public int Unknown { get; set; }

    public int Count => Tokens.Count + Principals.Count;

    public void Add(RevocationBatch page)
    {
        Tokens.AddRange(page.Tokens);
        Principals.AddRange(page.Principals);
        Expired += page.Expired;
        Unknown += page.Unknown;
    }
}
