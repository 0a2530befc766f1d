using System.Text.Json;

namespace Tollgate.Authorizer.Policies;

/// <summary>The context an authorizer gives the policies: the caller's address, under Ladon's usual key.</summary>
public static class PolicyContext
{
    /// <summary>The key <c>CIDRCondition</c>s name to test the caller's IP address.</summary>
    public const string RemoteAddressKey = "remoteIPAddress";

    public static IReadOnlyDictionary<string, JsonElement> WithRemoteAddress(string address)
        => new Dictionary<string, JsonElement>(1, StringComparer.Ordinal) { [RemoteAddressKey] = JsonSerializer.SerializeToElement(address, PolicyJsonContext.Default.String) };
}
