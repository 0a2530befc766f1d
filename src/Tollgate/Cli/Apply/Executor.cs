using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;

namespace Tollgate.Cli.Apply;

/// <summary>
/// Sends a plan's requests phase by phase, a few at once within a phase (the server checks each
/// request on its own, so order inside a phase does not matter). The first refusal stops it: no
/// new request starts, those in flight finish, and the failure names the change it belonged to.
/// Being stopped (Ctrl-C, SIGTERM: <paramref name="stop"/>) works the same way, so the secrets of
/// every client created so far still reach the user.
/// </summary>
public sealed class Executor(ServerClient server, Progress progress, int parallelism, CancellationToken stop)
{
    /// <summary>The secrets of the clients created, by client_id: the server shows each once.</summary>
    public ConcurrentDictionary<string, string> Secrets { get; } = new(StringComparer.Ordinal);

    public async Task<CliFailure?> RunAsync(Plan plan)
    {
        var work = plan.Changes.SelectMany(c => c.Steps.Select(s => (Change: c, Step: s))).ToLookup(w => w.Step.Phase);
        CliFailure? failure = null;
        foreach (var phase in Enum.GetValues<Phase>())
        {
            // No cancellation token for the requests themselves: one cut off mid-way may have been done
            // without its answer (a new client's secret) ever being read.
            await Parallel.ForEachAsync(work[phase], new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, _) =>
            {
                if (Volatile.Read(ref failure) is not null) return;
                if (stop.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref failure, new CliFailure(ExitCodes.Failure, "apply interrupted; no further request was sent."), null);
                    return;
                }
                var (body, refused) = await server.AdminAsync(item.Step.Method, item.Step.Path, item.Step.Body, CancellationToken.None);
                if (refused is not null)
                {
                    Interlocked.CompareExchange(ref failure, refused with { Message = $"apply stopped at {Verb(item.Change.Kind)} {item.Change.Label}: {refused.Message}" }, null);
                    return;
                }
                if (item.Change.Type == "client" && item.Change.Kind == ChangeKind.Create && body?["client_secret"] is JsonValue secret)
                    Secrets[item.Change.Key] = secret.GetValue<string>();
                progress.Tick();
            });
            if (failure is not null) break;
        }
        progress.Finish();
        return failure;
    }

    public static string Verb(ChangeKind kind) => kind switch { ChangeKind.Create => "create", ChangeKind.Update => "update", _ => "delete" };
}
