using System.Net;
using System.Text.Json;

namespace Tollgate.Authorizer.Policies.Conditions;

/// <summary>
/// <c>CIDRCondition {cidr}</c>: the value is an IP address inside the network (IPv4-mapped IPv6
/// addresses count as IPv4). Hosts put the caller's address under <c>remoteIPAddress</c>.
/// </summary>
internal sealed class CidrCondition(IPNetwork network) : ICondition
{
    public bool Fulfills(JsonElement value, PolicyRequest request)
    {
        if (value.ValueKind != JsonValueKind.String || !IPAddress.TryParse(value.GetString(), out var address)) return false;
        if (address.IsIPv4MappedToIPv6 && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) address = address.MapToIPv4();
        return network.Contains(address);
    }
}
