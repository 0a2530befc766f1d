using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tollgate.Core.Clients;

/// <summary>What an exhausted token quota does: refuse the token (<c>enforce</c>) or issue it and log a warning (<c>log-only</c>).</summary>
public enum QuotaMode { Enforce, LogOnly }

/// <summary>
/// Tokens a client may get per minute, hour and day (null: no limit on that window). A client's own quota
/// replaces the server's default whole: a window it leaves out has no limit.
/// </summary>
public sealed record TokenQuota(int? PerMinute, int? PerHour, int? PerDay, QuotaMode Mode = QuotaMode.Enforce)
{
    public const string Field = "token_quota";
    public const string EnforceName = "enforce", LogOnlyName = "log-only";
    public const int MaxLimit = 100_000_000;

    public bool IsUnlimited => PerMinute is null && PerHour is null && PerDay is null;

    public static string ModeName(QuotaMode mode) => mode == QuotaMode.LogOnly ? LogOnlyName : EnforceName;

    public static QuotaMode? ParseMode(string? name) => name switch
    {
        EnforceName => QuotaMode.Enforce,
        LogOnlyName => QuotaMode.LogOnly,
        _ => null,
    };

    /// <summary>The wire and storage form: <c>{"per_minute":10,"per_hour":null,"per_day":1000,"mode":"enforce"}</c> (nulls left out).</summary>
    public string ToJson()
    {
        var json = new JsonObject();
        if (PerMinute is { } m) json["per_minute"] = m;
        if (PerHour is { } h) json["per_hour"] = h;
        if (PerDay is { } d) json["per_day"] = d;
        json["mode"] = ModeName(Mode);
        return json.ToJsonString();
    }

    /// <summary>
    /// Reads <see cref="ToJson"/>'s form. <paramref name="error"/> gets each problem by field name
    /// (<c>token_quota.per_minute</c>); an object without any window (<c>{}</c>) is "no quota of its own", null.
    /// </summary>
    public static TokenQuota? Parse(string json, Action<string, string> error)
    {
        JsonObject? node;
        try { node = JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { node = null; }
        if (node is null)
        {
            error(Field, "must be an object such as {\"per_minute\": 10, \"per_hour\": 100, \"per_day\": 1000, \"mode\": \"enforce\"}, or {} for the server's default.");
            return null;
        }
        var valid = true;
        int? Limit(string name)
        {
            var value = node[name];
            if (value is null) return null;
            if (value is JsonValue v && v.TryGetValue<int>(out var n) && n is >= 0 and <= MaxLimit) return n;
            if (value is JsonValue d && d.TryGetValue<double>(out var x) && x == Math.Floor(x) && x is >= 0 and <= MaxLimit) return (int)x;
            error($"{Field}.{name}", $"must be a whole number of tokens between 0 and {MaxLimit}, or absent for no limit.");
            valid = false;
            return null;
        }
        foreach (var name in node.Select(p => p.Key).Where(k => k is not ("per_minute" or "per_hour" or "per_day" or "mode")))
        {
            error($"{Field}.{name}", "is not a known field; expected per_minute, per_hour, per_day, mode.");
            valid = false;
        }
        var quota = new TokenQuota(Limit("per_minute"), Limit("per_hour"), Limit("per_day"));
        var mode = QuotaMode.Enforce;
        if (node["mode"] is { } modeNode)
        {
            if (modeNode is JsonValue mv && mv.TryGetValue<string>(out var name) && ParseMode(name) is { } parsed) mode = parsed;
            else
            {
                error($"{Field}.mode", $"must be \"{EnforceName}\" or \"{LogOnlyName}\".");
                valid = false;
            }
        }
        return valid && !quota.IsUnlimited ? quota with { Mode = mode } : null;
    }
}
