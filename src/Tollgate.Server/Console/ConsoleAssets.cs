using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tollgate.Server.Console;

/// <summary>The console's stylesheet and script, embedded in the assembly and served by Tollgate itself (works offline).</summary>
internal static class ConsoleAssets
{
    private static readonly (string Name, string ContentType)[] Files = [("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8")];

    public static void Map(WebApplication app, string basePath)
    {
        foreach (var (name, contentType) in Files)
        {
            using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("console/" + name)
                ?? throw new InvalidOperationException($"console asset {name} is not embedded");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            app.MapGet($"{basePath}/assets/{name}", () => Results.Bytes(bytes, contentType)).ExcludeFromDescription();
        }
    }
}
