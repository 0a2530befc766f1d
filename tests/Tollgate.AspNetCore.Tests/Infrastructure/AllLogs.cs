using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tollgate.AspNetCore.Tests.Infrastructure;

/// <summary>Every log line of the API, Information and up (the engine logs each decision's reason code at Information).</summary>
public sealed class AllLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Logger(this);
    public void Dispose() { }

    private sealed class Logger(AllLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Entries.Enqueue(formatter(state, exception));
    }
}
