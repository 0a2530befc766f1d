using System.Globalization;
using System.Reflection;

namespace Tollgate.Storage;

/// <summary>The ordered migrations of one provider, embedded as <c>NNNN_name.sql</c> resources.</summary>
internal static class MigrationScripts
{
    public static IReadOnlyList<(long Version, string Sql)> For(string provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var marker = $".{provider}.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(marker, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (long.Parse(file[..4], CultureInfo.InvariantCulture), reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1)
            .ToList();
    }
}
