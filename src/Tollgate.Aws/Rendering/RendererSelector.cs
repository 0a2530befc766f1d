using Tollgate.Aws.Configuration;
using Tollgate.Aws.Events;

namespace Tollgate.Aws.Rendering;

/// <summary>REST authorizers always get an IAM policy; HTTP API 2.0 gets what the settings say.</summary>
public sealed class RendererSelector(HttpApiResponseMode httpApiMode, string? usageIdentifierClaim = null)
{
    private readonly IDecisionRenderer iam = new IamPolicyRenderer(usageIdentifierClaim);
    private readonly IDecisionRenderer simple = new SimpleResponseRenderer();

    public IDecisionRenderer For(EventKind kind) =>
        kind == EventKind.HttpApiV2 && httpApiMode == HttpApiResponseMode.Simple ? simple : iam;
}
