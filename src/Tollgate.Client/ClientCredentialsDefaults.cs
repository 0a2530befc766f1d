namespace Tollgate.Client;

public static class ClientCredentialsDefaults
{
    /// <summary>
    /// The IHttpClientFactory name of the client that calls discovery and the token endpoint;
    /// configure it (proxy, certificates, handlers) with <c>services.AddHttpClient(BackchannelClientName)</c>.
    /// </summary>
    public const string BackchannelClientName = "Tollgate.Client.Backchannel";
}
