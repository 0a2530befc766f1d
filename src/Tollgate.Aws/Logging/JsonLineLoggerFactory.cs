using Microsoft.Extensions.Logging;

namespace Tollgate.Aws.Logging;

/// <summary>
/// A tiny <see cref="ILoggerFactory"/> writing one JSON object per line to a writer (stderr, which
/// Lambda ships to CloudWatch). Kept in-house so start-up loads no logging framework.
/// </summary>
public sealed class JsonLineLoggerFactory(TextWriter output, LogLevel minimumLevel, TimeProvider time) : ILoggerFactory
{
    private readonly Lock writeLock = new();

    public ILogger CreateLogger(string categoryName) => new JsonLineLogger(categoryName, this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("JsonLineLoggerFactory has no providers.");

    public void Dispose()
    {
    }

    internal LogLevel MinimumLevel => minimumLevel;

    internal TimeProvider Time => time;

    internal void WriteLine(string line)
    {
        lock (writeLock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
