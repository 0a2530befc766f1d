using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tollgate.Server.Admin;

/// <summary>
/// Reads an admin request body: JSON object, bounded, only known fields, right types. Every
/// failure is a 400 ProblemDetails naming the field, before anything is changed.
/// </summary>
public static class JsonBody
{
    private const int MaxBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context) where T : class
    {
        var request = context.Request;
        if (request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return (null, Results.Problem(title: "Unsupported media type", detail: "The body must be application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        if (request.ContentLength > MaxBytes)
            return (null, Invalid("$", $"The body is larger than {MaxBytes} bytes."));

        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        JsonDocument document;
        try
        {
            using var limited = new MemoryStream();
            await request.Body.CopyToAsync(limited, context.RequestAborted);
            if (limited.Length > MaxBytes) return (null, Invalid("$", $"The body is larger than {MaxBytes} bytes."));
            document = JsonDocument.Parse(limited.ToArray());
        }
        catch (JsonException e)
        {
            return (null, Invalid("$", $"The body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine})."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, Invalid("$", "The body must be a JSON object."));
            var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var known = typeInfo.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).ToArray();
            if (unknown.Length > 0)
                return (null, Results.ValidationProblem(unknown.ToDictionary(n => n, _ => new[] { $"is not a known field; expected one of: {string.Join(", ", known.Order())}." })));
            try
            {
                return (document.RootElement.Deserialize(typeInfo), null);
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path ? path[2..] : "$";
                return (null, Invalid(field, "has the wrong type or shape."));
            }
        }
    }

    private static IResult Invalid(string field, string message) => Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
