using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Tollgate.Core.Admin;
using Tollgate.Core.Apis;

namespace Tollgate.Server.Console;

/// <summary>The API form shared by create and edit: fields named as in the admin API, scopes as rows (value, description, remove).</summary>
public abstract class ApiFormPage : ConsolePage
{
    public const int BlankScopeRows = 3;

    public override string Section => "apis";

    [BindProperty(Name = "identifier")] public string? Identifier { get; set; }
    [BindProperty(Name = "name")] public string? Name { get; set; }
    [BindProperty(Name = "token_format")] public string? TokenFormat { get; set; }
    [BindProperty(Name = "signing_alg")] public string? SigningAlg { get; set; }
    [BindProperty(Name = "access_token_lifetime")] public string? Lifetime { get; set; }
    [BindProperty(Name = "require_dpop")] public bool RequireDpop { get; set; }

    /// <summary>The rows shown: the API's scopes, then blank rows to add to.</summary>
    public List<ApiScope> ScopeRows { get; set; } = [];

    protected void Show(Api api)
    {
        Identifier = api.Identifier;
        Name = api.Name;
        TokenFormat = api.TokenFormat == Core.Apis.TokenFormat.Opaque ? "opaque" : "jwt";
        SigningAlg = api.SigningAlg;
        Lifetime = api.AccessTokenLifetime.ToString(CultureInfo.InvariantCulture);
        RequireDpop = api.RequireDpop;
        ScopeRows = [.. api.Scopes, .. Enumerable.Repeat(new ApiScope("", null), BlankScopeRows)];
    }

    /// <summary>The draft the admin operations take; errors of the form itself (not a number) are added, and the draft is null.</summary>
    protected ApiDraft? ReadDraft(bool includeIdentifier)
    {
        var form = Request.Form;
        var rows = new List<ApiScope>();
        var kept = new List<(ApiScope Scope, int Row)>();
        for (var i = 0; form.ContainsKey($"scopes[{i}].value"); i++)
        {
            var value = form[$"scopes[{i}].value"].ToString().Trim();
            var description = form[$"scopes[{i}].description"].ToString().Trim();
            var row = new ApiScope(value, description.Length > 0 ? description : null);
            rows.Add(row);
            if (value.Length > 0 && form[$"scopes[{i}].remove"] != "on") kept.Add((row, i));
        }
        ScopeRows = [.. rows, .. Enumerable.Repeat(new ApiScope("", null), rows.Count(r => r.Value.Length == 0) > 0 ? 0 : 1)];
        _rowOf = [.. kept.Select(k => k.Row)];

        int? lifetime = null;
        if (!string.IsNullOrWhiteSpace(Lifetime))
        {
            if (int.TryParse(Lifetime, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) lifetime = seconds;
            else AddErrors("access_token_lifetime", ["must be a whole number of seconds."]);
        }
        if (Errors.Count > 0) return null;
        return new ApiDraft(includeIdentifier ? Identifier?.Trim() ?? "" : null, Name?.Trim() ?? "", [.. kept.Select(k => k.Scope)],
            TokenFormat, SigningAlg, lifetime, RequireDpop);
    }

    private int[] _rowOf = [];

    /// <summary>Like <see cref="ConsolePage"/>'s, with <c>scopes[i]</c> of the draft renamed to the form row it came from.</summary>
    protected bool SucceededWithRows<T>(AdminResult<T> result)
    {
        if (result.Outcome != AdminOutcome.Invalid) return Succeeded(result);
        var renamed = result.Errors!.ToDictionary(e => RowField(e.Key), e => e.Value);
        return Succeeded(result with { Errors = renamed });
    }

    private string RowField(string field)
    {
        if (!field.StartsWith("scopes[", StringComparison.Ordinal)) return field;
        var close = field.IndexOf(']', StringComparison.Ordinal);
        return int.TryParse(field.AsSpan(7, close - 7), CultureInfo.InvariantCulture, out var i) && i < _rowOf.Length
            ? $"scopes[{_rowOf[i]}]{field[(close + 1)..]}" : field;
    }
}
