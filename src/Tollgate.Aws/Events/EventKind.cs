namespace Tollgate.Aws.Events;

/// <summary>Which API Gateway authorizer sent the event (and so how to answer it).</summary>
public enum EventKind
{
    /// <summary>REST API TOKEN authorizer: only the token and the methodArn.</summary>
    RestToken,
    /// <summary>REST API REQUEST authorizer, or HTTP API with payload format 1.0.</summary>
    RestRequest,
    /// <summary>HTTP API with payload format 2.0.</summary>
    HttpApiV2,
}

public static class EventKinds
{
    /// <summary>The kind, from <c>version</c> and <c>type</c>; null when the event is none of them.</summary>
    public static EventKind? Detect(ApiGatewayAuthorizerEvent e)
    {
        if (e.Version == "2.0")
        {
            return EventKind.HttpApiV2;
        }
        return e.Type?.ToUpperInvariant() switch
        {
            "TOKEN" => EventKind.RestToken,
            "REQUEST" => EventKind.RestRequest,
            _ => null,
        };
    }
}
