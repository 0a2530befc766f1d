using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Contacts.Contacts;

/// <summary>
/// Reads a request body: a bounded JSON object with only known fields of the right types.
/// Every failure is a ProblemDetails naming the field (400, or 415 for a non-JSON body), never a 500.
/// </summary>
public static class JsonBody
{
    private const int MaxBytes = 16 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context, IReadOnlyCollection<string> readOnlyFields) where T : class
    {
        var request = context.Request;
        if (request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return (null, Results.Problem(title: "Unsupported media type", detail: "The body must be JSON sent as Content-Type: application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        if (request.ContentLength > MaxBytes) return (null, Invalid("$", $"The body is larger than {MaxBytes} bytes."));

        JsonDocument document;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length > MaxBytes) return (null, Invalid("$", $"The body is larger than {MaxBytes} bytes."));
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            return (null, Invalid("$", $"The body is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine})."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, Invalid("$", "The body must be a JSON object."));
            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var known = typeInfo.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var errors = new Dictionary<string, string[]>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (readOnlyFields.Contains(property.Name)) errors[property.Name] = ["is read-only; leave it out."];
                else if (!known.Contains(property.Name)) errors[property.Name] = [$"is not a known field; expected one of: {string.Join(", ", known.Order())}."];
            }
            if (errors.Count > 0) return (null, Results.ValidationProblem(errors));
            try
            {
                return (document.RootElement.Deserialize(typeInfo), null);
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path ? path[2..] : "$";
                return (null, Invalid(field, "has the wrong type; expected a string or null."));
            }
        }
    }

    private static IResult Invalid(string field, string message)
        => Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
