namespace DotnetBench;

/// <summary>"--name value" pairs; a missing required one stops the program naming it.</summary>
internal sealed class Args(string[] args)
{
    public string? Optional(string name)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required");

    public int Int(string name, int fallback) => Optional(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Optional(name) is { } text ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
