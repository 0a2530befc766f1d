using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tollgate.Cli.Connection;

/// <summary>
/// <c>profile.json</c> in the configuration directory: the server and admin client that
/// <c>tollgate login</c> checked. Mode 0600; a copy others can read is refused.
/// </summary>
public sealed record Profile(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret)
{
    public const string FileName = "profile.json";

    public static (Profile? Profile, string? Error) Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var (content, error) = PrivateFile.Read(path);
        if (error is not null || content is null) return (null, error);
        try
        {
            var profile = JsonSerializer.Deserialize(content, ProfileJson.Default.Profile);
            return profile is { Endpoint.Length: > 0, ClientId.Length: > 0, ClientSecret.Length: > 0 }
                ? (profile, null)
                : (null, $"{path} lacks endpoint, client_id or client_secret; run 'tollgate login' again.");
        }
        catch (JsonException e)
        {
            return (null, $"{path} is not valid JSON ({e.Message}); run 'tollgate login' again.");
        }
    }

    public void Save(string directory)
        => PrivateFile.Write(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, ProfileJson.Default.Profile));
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Profile))]
internal sealed partial class ProfileJson : JsonSerializerContext;
