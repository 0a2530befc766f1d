// dotnet-bench: the programs of bench/dotnet/run.sh.
//   dotnet-bench api --mode none|tollgate|tollgate-rules|jwtbearer --authority URL --audience AUD
//                    [--client-id ID --client-secret S] --urls http://127.0.0.1:PORT
//   dotnet-bench mint --token-endpoint URL --client-id ID --client-secret S --audience AUD --count N --out FILE
//   dotnet-bench client --authority URL --client-id ID --client-secret S --audience AUD [--seconds 3] [--runs 5]
using DotnetBench;

return args.FirstOrDefault() switch
{
    "api" => await ApiHost.RunAsync(args[1..]),
    "mint" => await Mint.RunAsync(args[1..]),
    "client" => await ClientOverhead.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet-bench api|mint|client [options] (see bench/dotnet/DotnetBench/Program.cs)");
    return 2;
}
