namespace Tollgate.Authorizer.Policies;

/// <summary>Where the pipeline reads the current policies from, once per request.</summary>
public interface IPolicySetSource
{
    PolicySet Current { get; }
}

/// <summary>Holds the current compiled policies and swaps them whole; compile first, so a bad set never goes live.</summary>
public sealed class PolicySetSource(PolicySet initial) : IPolicySetSource
{
    private volatile PolicySet _current = initial;

    public PolicySet Current => _current;

    public void Replace(PolicySet policies) => _current = policies;
}
