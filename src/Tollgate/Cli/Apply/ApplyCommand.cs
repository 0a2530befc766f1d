using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tollgate.Cli.Connection;
using Tollgate.Cli.Output;

namespace Tollgate.Cli.Apply;

/// <summary>
/// <c>tollgate apply -f FILE [--dry-run] [--prune] [--secrets-out FILE]</c>: makes the server match
/// a file in <c>export</c>'s format. The file is read and checked whole first (every error, each
/// with its line; exit 2, nothing sent), then compared with the server; the plan is printed as a
/// diff and, unless it is a dry run, carried out. Nothing to do is said so and changes nothing.
/// </summary>
public static class ApplyCommand
{
    public static Command Create(ServerVerbs verbs)
    {
        var file = new Option<string>("--file", "-f") { Description = "The configuration: YAML, or JSON (as 'tollgate export' writes it).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and change nothing." };
        var prune = new Option<bool>("--prune") { Description = "Also delete the APIs, clients and grants the file does not list." };
        var secretsOut = new Option<string?>("--secrets-out") { Description = "Write new clients' secrets to this file (JSON, mode 0600, merged) instead of printing them." };
        var parallelism = new Option<int>("--parallelism") { Description = "Requests in flight at once (1-64, default 8).", DefaultValueFactory = _ => 8 };
        parallelism.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--parallelism must be between 1 and 64.");
        });
        return verbs.Verb("apply", "Make the server match a configuration file: create, update, and with --prune delete.",
            "tollgate apply -f tollgate.yaml --dry-run",
            (p, server, output, ct) => RunAsync(verbs.Cli, server, output, p.GetRequiredValue(file),
                new Options(p.GetValue(dryRun), p.GetValue(prune), p.GetValue(secretsOut), p.GetValue(parallelism)), ct),
            file, dryRun, prune, secretsOut, parallelism);
    }

    private sealed record Options(bool DryRun, bool Prune, string? SecretsOut, int Parallelism);

    private static async Task<CliFailure?> RunAsync(CliContext cli, ServerClient server, Renderer output, string path, Options options, CancellationToken ct)
    {
        var (dryRun, prune, secretsOut, parallelism) = options;
        var (config, readError) = ConfigurationFile.Read(path);
        if (config is null) return new CliFailure(ExitCodes.Usage, readError!);
        var (state, failure) = await ServerState.FetchAsync(server, ct);
        if (state is null) return failure;

        var errors = new FileErrors(config);
        var desired = DesiredState.Read(config, state, prune, errors);
        var plan = errors.Count == 0 ? Planner.Create(desired, state, prune, errors) : null;
        if (plan is null || errors.Count > 0)
            return new CliFailure(ExitCodes.Usage, $"{path}: {errors.Count} {(errors.Count == 1 ? "error" : "errors")}; nothing was changed.", errors.Lines);

        var json = output.Format != "table";
        if (plan.Changes.Count == 0)
        {
            if (json) output.Structured(Result(plan, dryRun, null));
            else cli.Stdout.WriteLine($"No changes: the server already matches {path}.{PlanText.Kept(plan)}");
            return null;
        }
        if (!json)
        {
            PlanText.Write(plan, cli.Stdout);
            cli.Stdout.WriteLine(PlanText.Summary(plan));
        }
        if (dryRun)
        {
            if (json) output.Structured(Result(plan, dryRun, null));
            else cli.Stdout.WriteLine("Dry run: nothing was changed.");
            return null;
        }

        var steps = plan.Changes.Sum(c => c.Steps.Count);
        var progress = Progress.For(cli, quiet: json, steps);
        CliFailure? stopped;
        Dictionary<string, string> secrets;
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using (StopOn(PosixSignal.SIGINT, interrupted))
        using (StopOn(PosixSignal.SIGTERM, interrupted))
        {
            var executor = new Executor(server, progress, parallelism, interrupted.Token);
            stopped = await executor.RunAsync(plan);
            secrets = executor.Secrets.ToDictionary();
        }

        // The secrets are kept whatever happened: a client created before a failure has no other copy.
        var secretsFailure = secretsOut is null ? null : SecretsOutput.WriteFile(secretsOut, secrets);
        if (json)
        {
            var result = Result(plan, dryRun, secretsOut is null || secretsFailure is not null ? secrets : null);
            result["sent"] = progress.Done;
            if (stopped is not null) result["stopped"] = stopped.Message;
            output.Structured(result);
        }
        else
        {
            cli.Stdout.WriteLine(stopped is null
                ? $"Applied: {plan.Count(ChangeKind.Create)} created, {plan.Count(ChangeKind.Update)} updated, {plan.Count(ChangeKind.Delete)} deleted."
                : $"Stopped after {progress.Done} of {steps} requests; the rest was not sent. Fix the cause and apply again: what is done already shows as no change.");
            if (secretsOut is null || secretsFailure is not null) SecretsOutput.Print(cli.Stdout, secrets);
            else if (secrets.Count > 0) cli.Stdout.WriteLine($"{secrets.Count} new client {(secrets.Count == 1 ? "secret" : "secrets")} written to {secretsOut}.");
        }
        return stopped ?? secretsFailure;
    }

    /// <summary>A signal that stops sending instead of killing the process, so the secrets already made are not lost.</summary>
    private static PosixSignalRegistration StopOn(PosixSignal signal, CancellationTokenSource stop) => PosixSignalRegistration.Create(signal, context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });

    private static JsonObject Result(Plan plan, bool dryRun, IReadOnlyDictionary<string, string>? secrets)
    {
        var result = PlanText.ToJson(plan);
        result["dry_run"] = dryRun;
        if (secrets is { Count: > 0 }) result["secrets"] = SecretsOutput.ToJson(secrets);
        return result;
    }
}
