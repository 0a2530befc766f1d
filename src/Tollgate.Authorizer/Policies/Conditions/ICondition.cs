using System.Text.Json;

namespace Tollgate.Authorizer.Policies.Conditions;

/// <summary>A compiled condition: whether the request's context value for its key fulfils it.</summary>
internal interface ICondition
{
    bool Fulfills(JsonElement value, PolicyRequest request);
}
