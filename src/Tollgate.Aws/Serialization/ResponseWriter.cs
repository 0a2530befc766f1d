using System.Buffers;
using System.Text.Json;
using Tollgate.Aws.Rendering;
using Tollgate.Aws.Runtime;

namespace Tollgate.Aws.Serialization;

/// <summary>
/// Writes the response shapes with <see cref="Utf8JsonWriter"/> (compact UTF-8), for the same
/// cold-start reason as <see cref="EventReader"/>. Property names are AWS's, case included.
/// </summary>
public static class ResponseWriter
{
    public static byte[] Write(IamPolicyResponse response) => Write(response, static (json, r) =>
    {
        json.WriteStartObject();
        json.WriteString("principalId", r.PrincipalId);
        json.WriteStartObject("policyDocument");
        json.WriteString("Version", r.PolicyDocument.Version);
        json.WriteStartArray("Statement");
        foreach (var statement in r.PolicyDocument.Statement)
        {
            json.WriteStartObject();
            json.WriteString("Action", statement.Action);
            json.WriteString("Effect", statement.Effect);
            WriteStrings(json, "Resource", statement.Resource);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        WriteContext(json, r.Context);
        if (r.UsageIdentifierKey is { } usage)
        {
            json.WriteString("usageIdentifierKey", usage);
        }
        json.WriteEndObject();
    });

    public static byte[] Write(SimpleResponse response) => Write(response, static (json, r) =>
    {
        json.WriteStartObject();
        json.WriteBoolean("isAuthorized", r.IsAuthorized);
        WriteContext(json, r.Context);
        json.WriteEndObject();
    });

    public static byte[] Write(LambdaError error) => Write(error, static (json, e) =>
    {
        json.WriteStartObject();
        json.WriteString("errorMessage", e.ErrorMessage);
        json.WriteString("errorType", e.ErrorType);
        if (e.StackTrace is { } stackTrace)
        {
            WriteStrings(json, "stackTrace", stackTrace);
        }
        json.WriteEndObject();
    });

    private static void WriteContext(Utf8JsonWriter json, IReadOnlyDictionary<string, string> context)
    {
        json.WriteStartObject("context");
        foreach (var (name, value) in context)
        {
            json.WriteString(name, value);
        }
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    private static byte[] Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json, value);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
