namespace Tollgate.Cli.Apply;

/// <summary>Every problem found in a configuration file, each with its place, listed in file order.</summary>
public sealed class FileErrors(ConfigurationFile file)
{
    private readonly List<(int Line, int Column, int Order, string Text)> _errors = [];

    public int Count => _errors.Count;

    public void Add(string path, string message)
    {
        var at = file.Map.Find(path);
        _errors.Add((at?.Line ?? 0, at?.Column ?? 0, _errors.Count, file.Describe(path, message)));
    }

    public IReadOnlyList<string> Lines => _errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ThenBy(e => e.Order).Select(e => e.Text).ToList();
}
