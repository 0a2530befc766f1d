using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tollgate.Aws.Secrets;

/// <summary>
/// Reads one secret from AWS Secrets Manager (<c>GetSecretValue</c>) or Systems Manager Parameter Store
/// (<c>GetParameter</c> with decryption) over their documented JSON-over-HTTPS APIs, signed with SigV4.
/// Endpoints follow the AWS SDKs' settings (<c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>, <c>AWS_ENDPOINT_URL_SSM</c>,
/// <c>AWS_ENDPOINT_URL</c>), else <c>https://{service}.{region}.amazonaws.com</c>.
/// </summary>
public sealed class AwsSecretsClient(HttpClient http, AwsCredentials credentials, string defaultRegion,
    IReadOnlyDictionary<string, string?> environment, TimeProvider time)
{
    public async Task<(string? Value, string? Error)> GetAsync(SecretReference reference, CancellationToken cancellationToken)
    {
        var (service, target, endpointVariable) = reference.Store == SecretStore.SecretsManager
            ? ("secretsmanager", "secretsmanager.GetSecretValue", "AWS_ENDPOINT_URL_SECRETS_MANAGER")
            : ("ssm", "AmazonSSM.GetParameter", "AWS_ENDPOINT_URL_SSM");
        var region = reference.Region is { Length: > 0 } r ? r : defaultRegion;
        var endpoint = Endpoint(endpointVariable, service, region);
        if (endpoint is null) return (null, $"{endpointVariable} (or AWS_ENDPOINT_URL) is not an absolute https URL");

        var body = reference.Store == SecretStore.SecretsManager
            ? Json(w => w.WriteString("SecretId", reference.Id))
            : Json(w => { w.WriteString("Name", reference.Id); w.WriteBoolean("WithDecryption", true); });
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        var amzDate = SigV4.AmzDate(time.GetUtcNow());
        var signed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = "application/x-amz-json-1.1",
            ["host"] = endpoint.IsDefaultPort ? endpoint.Host : endpoint.Authority,
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = target,
        };
        if (credentials.SessionToken is { } token) signed["x-amz-security-token"] = token;
        var payloadHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        request.Headers.TryAddWithoutValidation("Authorization",
            SigV4.Authorization("POST", endpoint.AbsolutePath, "", signed, payloadHash, credentials, region, service, amzDate));
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (credentials.SessionToken is { } session) request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", session);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, $"{service} at {endpoint.Authority} did not answer ({ex.Message})");
        }
        using (response)
        {
            var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (!response.IsSuccessStatusCode)
                    return (null, $"{service} refused ({(int)response.StatusCode} {ErrorType(root)})");
                return reference.Store == SecretStore.SecretsManager ? FromSecret(root, reference) : FromParameter(root);
            }
            catch (JsonException)
            {
                return (null, $"{service} answered {(int)response.StatusCode} with a body that is not JSON");
            }
        }
    }

    private static (string?, string?) FromSecret(JsonElement root, SecretReference reference)
    {
        if (!root.TryGetProperty("SecretString", out var secret) || secret.ValueKind != JsonValueKind.String)
            return (null, "the secret has no SecretString (binary secrets are not supported)");
        var value = secret.GetString()!;
        if (reference.JsonKey is null) return (value, null);
        try
        {
            using var inner = JsonDocument.Parse(value);
            return inner.RootElement.ValueKind == JsonValueKind.Object && inner.RootElement.TryGetProperty(reference.JsonKey, out var member)
                && member.ValueKind == JsonValueKind.String
                ? (member.GetString(), null)
                : (null, $"the secret is not a JSON object with a string member '{reference.JsonKey}'");
        }
        catch (JsonException)
        {
            return (null, $"the secret is not JSON, so it has no key '{reference.JsonKey}'");
        }
    }

    private static (string?, string?) FromParameter(JsonElement root) =>
        root.TryGetProperty("Parameter", out var parameter) && parameter.ValueKind == JsonValueKind.Object
        && parameter.TryGetProperty("Value", out var value) && value.ValueKind == JsonValueKind.String
            ? (value.GetString(), null)
            : (null, "the answer has no Parameter.Value");

    /// <summary>AWS JSON errors name their kind in <c>__type</c> (e.g. <c>ResourceNotFoundException</c>, <c>AccessDeniedException</c>).</summary>
    private static string ErrorType(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("__type", out var type) || type.ValueKind != JsonValueKind.String) return "error";
        var name = type.GetString()!;
        return name[(name.LastIndexOf('#') + 1)..];
    }

    private Uri? Endpoint(string variable, string service, string region)
    {
        var configured = Value(variable) ?? Value("AWS_ENDPOINT_URL");
        if (configured is null) return new Uri($"https://{service}.{region}.amazonaws.com/");
        return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            ? uri : null;
    }

    private string? Value(string name) => environment.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static byte[] Json(Action<Utf8JsonWriter> members)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }
}
