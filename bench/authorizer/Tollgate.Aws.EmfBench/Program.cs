using System.Diagnostics;
using System.Globalization;
using Tollgate.Authorizer.Decisions;
using Tollgate.Authorizer.Telemetry;
using Tollgate.Aws.Metrics;

// What the EMF metrics add to one invocation, in process, without the engine's own work: record a decision and its
// duration on the engine's instruments, then flush as the runtime loop does after posting the answer.
//   off     TOLLGATE_METRICS=off: nothing listens (the floor)
//   null    the listener, the aggregation and the JSON line, written to Stream.Null
//   stdout  the same, written to stdout (make it a pipe: `| cat >/dev/null`, as Lambda's stdout is)
// Prints one JSON line per round on stderr: wall and CPU microseconds per invocation, bytes allocated per invocation.
var mode = args.Length > 0 ? args[0] : "null";
var invocations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200_000;
var decision = new Decision { Kind = DecisionKind.Allow, Reason = ReasonCodes.Allowed };
using var output = mode == "stdout" ? Console.OpenStandardOutput() : Stream.Null;
using IInvocationMetrics metrics = mode == "off" ? NoMetrics.Instance : EmfMetrics.ToStream("Tollgate", "tollgate-bench", output, TimeProvider.System);
for (var round = 0; round < 5; round++)
{
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var wall = Stopwatch.StartNew();
    for (var i = 0; i < invocations; i++)
    {
        AuthorizerMetrics.RecordDecision(decision, AuthorizerMetrics.StartTiming());
        metrics.Flush();
    }
    wall.Stop();
    process.Refresh();
    var us = (process.TotalProcessorTime - cpu).TotalMicroseconds / invocations;
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)invocations;
    Console.Error.WriteLine(FormattableString.Invariant(
        $$"""{"mode":"{{mode}}","round":{{round}},"wallMicros":{{wall.Elapsed.TotalMicroseconds / invocations:F2}},"cpuMicros":{{us:F2}},"bytesAllocated":{{bytes:F0}}}"""));
}
