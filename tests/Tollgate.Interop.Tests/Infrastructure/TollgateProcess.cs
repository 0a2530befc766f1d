using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tollgate.Interop.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process: <c>dotnet tollgate.dll serve</c> on a loopback port with a
/// given data directory and root secret. Nothing is built here: tollgate.dll is the one the project
/// reference copied next to this test assembly (or <c>TOLLGATE_DLL</c>). Stopped by killing its id.
/// </summary>
public sealed class TollgateProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(45);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private TollgateProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Url = $"http://127.0.0.1:{port}";
    }

    /// <summary>The base URL, which is also the issuer (the server's default: its listening URL).</summary>
    public string Url { get; }
    public int Port { get; }
    public int ProcessId => _process.Id;

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string RecentOutput => string.Join('\n', _output);

    public static string DllPath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("TOLLGATE_DLL") is { Length: > 0 } configured
                ? configured
                : Path.Combine(AppContext.BaseDirectory, "tollgate.dll");
            if (!File.Exists(path)) throw new FileNotFoundException($"tollgate.dll not found at {path}; build tests/Tollgate.Interop.Tests (it references src/Tollgate) or set TOLLGATE_DLL.");
            return path;
        }
    }

    /// <summary>Starts the server on <paramref name="port"/> (a free one when null) and waits for /health/ready.</summary>
    public static async Task<TollgateProcess> StartAsync(string dataDirectory, string rootSecret, int? port = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(dataDirectory, rootSecret, port ?? FreePort());
            try
            {
                await server.WaitReadyAsync();
                return server;
            }
            catch (IOException) when (port is null && attempt < 3 && server._process.HasExited)
            {
                // Another process took the free port between probing and binding: try another one.
                await server.DisposeAsync();
            }
        }
    }

    private static TollgateProcess Launch(string dataDirectory, string rootSecret, int port)
    {
        // TOLLGATE_EXE: a native executable in place of `dotnet tollgate.dll` (scripts/test-native.sh).
        var native = Environment.GetEnvironmentVariable("TOLLGATE_EXE") is { Length: > 0 } exe ? exe : null;
        var info = new ProcessStartInfo(native ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (native is null) info.ArgumentList.Add(DllPath);
        foreach (var arg in new[] { "serve", "--urls", $"http://127.0.0.1:{port}",
                     $"--Tollgate:DataDirectory={dataDirectory}", $"--Tollgate:Bootstrap:RootClientSecret={rootSecret}" })
            info.ArgumentList.Add(arg);
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("Tollgate__Issuer");

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new TollgateProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
                throw new IOException($"tollgate exited with code {_process.ExitCode} before it was ready:\n{RecentOutput}");
            try
            {
                using var response = await http.GetAsync($"{Url}/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow start on a busy machine
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"tollgate at {Url} was not ready within {ReadyTimeout.TotalSeconds} s:\n{RecentOutput}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the server by its process id (no graceful shutdown: also proves the data is durable).</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited) Process.GetProcessById(_process.Id).Kill();
        }
        catch (ArgumentException)
        {
            // already gone
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
