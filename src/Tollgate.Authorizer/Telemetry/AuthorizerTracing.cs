using System.Diagnostics;

namespace Tollgate.Authorizer.Telemetry;

/// <summary>
/// Spans of the decision engine on the ActivitySource <c>Tollgate</c> (the server's spans share the name,
/// so one <c>AddSource("Tollgate")</c> takes them all). With no listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and costs a field read. Span names: <c>tollgate.decision</c> with children
/// <c>tollgate.decision.parse</c>, <c>tollgate.decision.validate</c>, <c>tollgate.decision.revocation</c>,
/// <c>tollgate.decision.rules</c>; <c>tollgate.jwks.fetch</c>; <c>tollgate.introspection.call</c>. Tags never hold a token.
/// </summary>
public static class AuthorizerTracing
{
    public const string SourceName = "Tollgate";

    public static readonly ActivitySource Source = new(SourceName);

    public const string Decision = "tollgate.decision";
    public const string Parse = "tollgate.decision.parse";
    public const string Validate = "tollgate.decision.validate";
    public const string Revocation = "tollgate.decision.revocation";
    public const string Rules = "tollgate.decision.rules";
    public const string JwksFetch = "tollgate.jwks.fetch";
    public const string IntrospectionCall = "tollgate.introspection.call";

    /// <summary>Ends the decision span with its outcome (kind and reason code only).</summary>
    public static void Finish(Activity? activity, Decisions.Decision decision)
    {
        if (activity is null) return;
        activity.SetTag("tollgate.decision.kind", DecisionTags.KindLabel(decision.Kind));
        activity.SetTag("tollgate.decision.reason", decision.Reason);
        activity.Dispose();
    }
}
