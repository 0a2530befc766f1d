using Tollgate.Cli;

// The whole command line is in Cli/: `tollgate --help` lists the verbs.
return await TollgateCli.RunAsync(args, new CliContext { Stdout = Console.Out, Stderr = Console.Error, Stdin = Console.In, StderrIsTerminal = !Console.IsErrorRedirected });
