using Microsoft.Extensions.Logging;

namespace Tollgate.Authorizer.Tests.Support;

/// <summary>Collects formatted log lines and their structured values.</summary>
public sealed class ListLoggerFactory : ILoggerFactory
{
    public List<(EventId Id, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Lines { get; } = [];

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);
    public void AddProvider(ILoggerProvider provider) { }
    public void Dispose() { }

    private sealed class ListLogger(ListLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            lock (owner.Lines) owner.Lines.Add((eventId, formatter(state, exception), values));
        }
    }
}
